package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IntakePolicyTest {
    private static final long MICROS_50 = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final IntakePolicy policy = new IntakePolicy(8, 500, Duration.ofMillis(250));

    private static void finish(IntakePolicy policy, int tasks, long nanos) {
        for (int i = 0; i < tasks; i++) {
            policy.taskFinished(nanos);
        }
    }

    @Test
    void startsNarrowAndStaysNarrowUntilItHasMeasuredEnoughTasks() {
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        finish(policy, IntakePolicy.WARM_UP - 1, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        policy.taskFinished(MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
    }

    @Test
    void slowTasksKeepItNarrow() {
        // 500 tasks of 10 ms on 8 slots take 625 ms: over the 250 ms budget.
        finish(policy, 100, TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
    }

    @Test
    void goesBackToNarrowWhenTasksTurnSlowAndWideAgainWhenTheyTurnShort() {
        finish(policy, 50, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
        finish(policy, 5, SECOND);
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        finish(policy, 400, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
    }

    @Test
    void aBatchOfOneIsAlwaysNarrow() {
        IntakePolicy oneAtATime = new IntakePolicy(8, 1, Duration.ofMillis(250));
        finish(oneAtATime, 1000, 1);
        assertThat(oneAtATime.lane()).isEqualTo(Lane.NARROW);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new IntakePolicy(0, 500, Duration.ofMillis(250)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new IntakePolicy(8, 500, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }
}
