package io.taskrunner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    private final WorkerConfig defaults = WorkerConfig.defaults(Topics.defaults());

    @Test
    void aShareWorkerIsItsSlotsPlusOneAheadPlusItsBatchLanesInTheShareGroup() {
        assertThat(defaults.withConcurrency(8).shareGroupMembers())
                .isEqualTo(8 + 1 + WorkerConfig.MEDIUM_POLLERS + WorkerConfig.WIDE_POLLERS).isEqualTo(15);
    }

    @Test
    void prefetchOneIsOneMemberPerSlotAndNoneAhead() {
        assertThat(defaults.withConcurrency(8).withPrefetch(1).shareGroupMembers()).isEqualTo(8);
    }

    @Test
    void aPrefetchWithinTheMediumBatchLeavesOutTheMediumLane() {
        assertThat(defaults.withConcurrency(8).withPrefetch(16).shareGroupMembers())
                .isEqualTo(8 + 1 + WorkerConfig.WIDE_POLLERS);
    }

    @Test
    void theConsumerSourceAddsNoShareGroupMembers() {
        assertThat(defaults.withSource(TaskSourceKind.CONSUMER).shareGroupMembers()).isZero();
    }
}
