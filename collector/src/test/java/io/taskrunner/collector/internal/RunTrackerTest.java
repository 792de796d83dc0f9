package io.taskrunner.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunTrackerTest {
    @Test
    void dropsASecondResultForTheSameTaskAndCountsIt() {
        RunTracker tracker = new RunTracker();

        assertThat(tracker.accept(0)).isTrue();
        assertThat(tracker.accept(0)).isFalse();
        assertThat(tracker.answered()).isEqualTo(1);
        assertThat(tracker.duplicates()).isEqualTo(1);
    }

    @Test
    void completeOnlyOnceSealedAndEveryTaskAnswered() {
        RunTracker tracker = new RunTracker();
        tracker.accept(0);
        tracker.accept(2);
        assertThat(tracker.complete()).isFalse();
        assertThat(tracker.missingSeqs()).isEmpty();

        tracker.seal(3);
        assertThat(tracker.complete()).isFalse();
        assertThat(tracker.missingSeqs()).containsExactly(1L);

        tracker.accept(1);
        assertThat(tracker.complete()).isTrue();
        assertThat(tracker.missingSeqs()).isEmpty();
    }

    @Test
    void anEmptyRunIsCompleteWhenSealed() {
        RunTracker tracker = new RunTracker();
        tracker.seal(0);
        assertThat(tracker.complete()).isTrue();
    }
}
