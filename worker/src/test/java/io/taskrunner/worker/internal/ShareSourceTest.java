package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class ShareSourceTest {
    @Test
    void aPollerWhoseConsumerCannotBeMadeStopsTheSourceWithItsError() throws Exception {
        TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(1, 100, Duration.ofMillis(250)), 1);
        SharePoller broken = new SharePoller(() -> {
            throw new KafkaException("no consumer for you");
        }, "tasks", dispatch, IntakePolicy.Lane.NARROW, Duration.ofMillis(10), Duration.ofSeconds(30),
                WorkerMetrics.inMemory(), null);
        // The runner would wait for a task forever if the failed poller left the source running.
        ShareSource source = new ShareSource(List.of(broken), List.of(new TaskRunner(dispatch, null, null, null)),
                dispatch);

        CompletableFuture<Void> ran = CompletableFuture.runAsync(source);

        assertThatThrownBy(() -> ran.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("no consumer for you");
        assertThat(dispatch.queued()).isZero();
    }
}
