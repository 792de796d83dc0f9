package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TaskDispatchTest {
    /** Two runners; wide batches of 20 (low water 10), medium of 16 (low water 8). */
    private final IntakePolicy policy = new IntakePolicy(2, 20, Duration.ofMillis(250));
    private final TaskDispatch dispatch = new TaskDispatch(policy, 2);

    private static QueuedTask task(long offset) {
        return new QueuedTask(new ConsumerRecord<>("tasks", 0, offset, null, new byte[0]), (record, type) -> { });
    }

    private void makeWide() {
        for (int i = 0; i < IntakePolicy.WARM_UP; i++) {
            policy.taskFinished(1000);
        }
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
    }

    /** Runs {@code tasks} tasks that each take {@code nanos}, as runners would. */
    private void run(int tasks, long nanos) throws InterruptedException {
        for (int i = 0; i < tasks; i++) {
            dispatch.enqueue(List.of(task(i)));
            dispatch.take();
            dispatch.finished(nanos);
        }
    }

    private boolean turn(Lane lane) throws InterruptedException {
        return dispatch.awaitTurn(lane);
    }

    private CompletableFuture<Boolean> turnLater(Lane lane) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return turn(lane);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Blocks until {@code pollers} pollers of {@code lane} wait for a turn, so a refusal can be asserted. */
    private void awaitWaiting(Lane lane, int pollers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dispatch.waitingForTurn(lane) < pollers) {
            assertThat(System.nanoTime()).as("%d pollers waiting for a %s turn", pollers, lane).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Both runners busy on tasks fetched in narrow turns. */
    private void busyOnTwoNarrowTasks() throws Exception {
        assertThat(turnLater(Lane.NARROW).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(turnLater(Lane.NARROW).get(10, TimeUnit.SECONDS)).isTrue();
        dispatch.enqueue(List.of(task(0)));
        dispatch.fetchDone(Lane.NARROW);
        dispatch.enqueue(List.of(task(1)));
        dispatch.fetchDone(Lane.NARROW);
        dispatch.take();
        dispatch.take();
    }

    @Test
    void runnersTakeTasksInTheOrderTheyWereFetched() throws Exception {
        assertThat(turn(Lane.NARROW)).isTrue();
        dispatch.enqueue(List.of(task(0), task(1)));
        dispatch.fetchDone(Lane.NARROW);

        assertThat(dispatch.take().record().offset()).isZero();
        assertThat(dispatch.take().record().offset()).isEqualTo(1);
    }

    @Test
    void aNarrowTurnIsGivenOnlyForARunnerWithNothingToDo() throws Exception {
        assertThat(turn(Lane.NARROW)).isTrue();
        assertThat(turn(Lane.NARROW)).isTrue();
        // Both runners are spoken for: the third turn waits until one of the fetches brings nothing back.
        CompletableFuture<Boolean> third = turnLater(Lane.NARROW);
        dispatch.enqueue(List.of(task(0)));
        dispatch.fetchDone(Lane.NARROW);
        dispatch.take();
        assertThat(third).isNotDone();
        dispatch.fetchDone(Lane.NARROW);
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNarrowTurnIsGivenForATaskAheadOnceTasksAreMeasuredToWaitWithinTheBudget() throws Exception {
        // 200 ms tasks on 2 runners: narrow (16 take 1.6 s), and one ahead waits ~100 ms
        run(IntakePolicy.WARM_UP, TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        busyOnTwoNarrowTasks();
        // Both runners busy: one more turn, for the task ahead; then none until a runner finishes.
        assertThat(turnLater(Lane.NARROW).get(10, TimeUnit.SECONDS)).isTrue();
        dispatch.enqueue(List.of(task(2)));
        dispatch.fetchDone(Lane.NARROW);
        CompletableFuture<Boolean> fourth = turnLater(Lane.NARROW);
        awaitWaiting(Lane.NARROW, 1);
        assertThat(dispatch.queued()).isEqualTo(1);
        assertThat(fourth).isNotDone();
        dispatch.finished(TimeUnit.MILLISECONDS.toNanos(200));
        dispatch.take();
        assertThat(fourth.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void noTurnIsGivenAheadWhileTasksWouldWaitLongerThanTheBudget() throws Exception {
        // 600 ms tasks on 2 runners: one held ahead would wait ~300 ms, over the 250 ms budget
        run(IntakePolicy.WARM_UP, TimeUnit.MILLISECONDS.toNanos(600));
        busyOnTwoNarrowTasks();
        CompletableFuture<Boolean> third = turnLater(Lane.NARROW);
        awaitWaiting(Lane.NARROW, 1);
        assertThat(third).isNotDone();
        dispatch.finished(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRunnerFinishingAsTheTaskAheadIsAllowedOpensBothTurnsToWaitingPollers() throws Exception {
        // The warm-up's last task is the one that allows a task ahead: its runner frees a turn and the rule
        // another, at once, so both waiting pollers must be woken.
        run(IntakePolicy.WARM_UP - 1, TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(policy.narrowAhead()).isZero();
        busyOnTwoNarrowTasks();
        CompletableFuture<Boolean> first = turnLater(Lane.NARROW);
        CompletableFuture<Boolean> second = turnLater(Lane.NARROW);
        awaitWaiting(Lane.NARROW, 2);
        dispatch.finished(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(policy.narrowAhead()).isEqualTo(IntakePolicy.NARROW_AHEAD);
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aBatchTurnIsGivenInItsLaneWhileFewerTasksThanItsLowWaterMarkWait() throws Exception {
        makeWide();
        assertThat(turn(Lane.WIDE)).isTrue();
        dispatch.enqueue(LongStream.range(0, 10).mapToObj(TaskDispatchTest::task).toList());
        dispatch.fetchDone(Lane.WIDE);
        CompletableFuture<Boolean> next = turnLater(Lane.WIDE);
        // Ten wait (the low-water mark): taking one lets the poller fetch again.
        dispatch.take();
        assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void onlyThePollersOfTheCurrentLaneFetch() throws Exception {
        CompletableFuture<Boolean> medium = turnLater(Lane.MEDIUM);
        CompletableFuture<Boolean> wide = turnLater(Lane.WIDE);
        // A wide batch of 20 tasks of 20 ms clears in 200 ms on 2 runners, within the 250 ms budget: wide.
        run(IntakePolicy.WARM_UP, TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(wide.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(medium).isNotDone();
        dispatch.fetchDone(Lane.WIDE);
        // Tasks of 60 ms: a wide batch would take 600 ms (over twice the budget), a medium one 480 ms: narrow.
        run(200, TimeUnit.MILLISECONDS.toNanos(60));
        assertThat(policy.lane()).isEqualTo(Lane.NARROW);
        assertThat(medium).isNotDone();
        dispatch.stop();
        assertThat(medium.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void runnersEndAfterStopOnlyOnceEveryFetchInProgressIsQueuedAndRun() throws Exception {
        assertThat(turn(Lane.NARROW)).isTrue();
        dispatch.stop();
        CompletableFuture<QueuedTask> runner = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatch.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatch.enqueue(List.of(task(7)));
        dispatch.fetchDone(Lane.NARROW);

        assertThat(runner.get(10, TimeUnit.SECONDS).record().offset()).isEqualTo(7);
        assertThat(dispatch.take()).isNull();
        assertThat(turn(Lane.NARROW)).isFalse();
        assertThat(turn(Lane.WIDE)).isFalse();
    }
}
