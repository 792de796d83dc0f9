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

    /** 8 slots, wide batches of 500, medium of 16, 250 ms budget. */
    private final IntakePolicy policy = new IntakePolicy(8, 500, Duration.ofMillis(250));

    private static void finish(IntakePolicy policy, int tasks, long nanos) {
        for (int i = 0; i < tasks; i++) {
            policy.taskFinished(nanos);
        }
    }

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
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
    void tasksOfMillisecondsGoMedium() {
        // 500 tasks of 10 ms on 8 slots take 625 ms, over the budget; 16 of them take 20 ms.
        finish(policy, 100, millis(10));
        assertThat(policy.lane()).isEqualTo(Lane.MEDIUM);
    }

    @Test
    void slowTasksKeepItNarrow() {
        // 16 tasks of 200 ms on 8 slots take 400 ms: over the budget.
        finish(policy, 100, millis(200));
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
    }

    @Test
    void theNarrowLaneHoldsATaskAheadWhileItWouldWaitWithinTheBudget() {
        finish(policy, IntakePolicy.WARM_UP - 1, millis(200));
        assertThat(policy.narrowAhead()).isZero();
        // 200 ms tasks on 8 slots: one waits ~25 ms for the first runner to free up; the lane stays narrow.
        policy.taskFinished(millis(200));
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        assertThat(policy.narrowAhead()).isEqualTo(IntakePolicy.NARROW_AHEAD);
        // Tasks of 5 s: ~625 ms, over the budget: nothing held ahead.
        finish(policy, 200, 5 * SECOND);
        assertThat(policy.narrowAhead()).isZero();
    }

    @Test
    void aWorkerKeptNarrowHoldsNothingAhead() {
        IntakePolicy oneAtATime = new IntakePolicy(8, 1, Duration.ofMillis(250));
        finish(oneAtATime, 100, millis(200));
        assertThat(oneAtATime.narrowAhead()).isZero();
    }

    @Test
    void aLaneIsLeftOnlyOnceItsBatchWouldTakeTwiceTheBudget() {
        finish(policy, 50, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
        // 500 tasks of 6 ms take 375 ms: over the budget, under twice it.
        finish(policy, 400, millis(6));
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
        // Of 10 ms, 625 ms: medium, the widest lane within the budget.
        finish(policy, 400, millis(10));
        assertThat(policy.lane()).isEqualTo(Lane.MEDIUM);
    }

    @Test
    void goesBackToNarrowWhenTasksTurnSlowAndWideAgainWhenTheyTurnShort() {
        finish(policy, 50, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
        finish(policy, 20, SECOND);
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        finish(policy, 400, MICROS_50);
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
    }

    @Test
    void aBatchOfOneIsAlwaysNarrowAndASmallOneHasNoMediumLane() {
        IntakePolicy oneAtATime = new IntakePolicy(8, 1, Duration.ofMillis(250));
        finish(oneAtATime, 1000, 1);
        assertThat(oneAtATime.lane()).isEqualTo(Lane.NARROW);
        assertThat(oneAtATime.uses(Lane.WIDE)).isFalse();

        IntakePolicy small = new IntakePolicy(8, IntakePolicy.MEDIUM_BATCH, Duration.ofMillis(250));
        assertThat(small.uses(Lane.MEDIUM)).isFalse();
        finish(small, 100, millis(10));
        assertThat(small.lane()).isEqualTo(Lane.WIDE);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new IntakePolicy(0, 500, Duration.ofMillis(250)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new IntakePolicy(8, 500, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }
}
