package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TaskDispatchTest {
    private final IntakePolicy policy = new IntakePolicy(2, 100, Duration.ofMillis(250));
    private final TaskDispatch dispatch = new TaskDispatch(policy, 2, 10);

    private static QueuedTask task(long offset) {
        return new QueuedTask(new ConsumerRecord<>("tasks", 0, offset, null, new byte[0]), (record, type) -> { });
    }

    private void makeWide() {
        for (int i = 0; i < IntakePolicy.WARM_UP; i++) {
            policy.taskFinished(1000);
        }
        assertThat(policy.lane()).isEqualTo(Lane.WIDE);
    }

    @Test
    void runnersTakeTasksInTheOrderTheyWereFetched() throws Exception {
        assertThat(dispatch.awaitNarrowTurn()).isTrue();
        dispatch.enqueue(List.of(task(0), task(1)));
        dispatch.fetchDone(false);

        assertThat(dispatch.take().record().offset()).isZero();
        assertThat(dispatch.take().record().offset()).isEqualTo(1);
    }

    @Test
    void aNarrowTurnIsGivenOnlyForARunnerWithNothingToDo() throws Exception {
        assertThat(dispatch.awaitNarrowTurn()).isTrue();
        assertThat(dispatch.awaitNarrowTurn()).isTrue();
        // Both runners are spoken for: the third turn waits until one of the fetches brings nothing back.
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatch.awaitNarrowTurn();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatch.enqueue(List.of(task(0)));
        dispatch.fetchDone(false);
        dispatch.take();
        assertThat(third).isNotDone();
        dispatch.fetchDone(false);
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWideTurnIsGivenInTheWideLaneWhileFewTasksWait() throws Exception {
        makeWide();
        assertThat(dispatch.awaitWideTurn()).isTrue();
        dispatch.enqueue(java.util.stream.LongStream.range(0, 10).mapToObj(TaskDispatchTest::task).toList());
        dispatch.fetchDone(true);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatch.awaitWideTurn();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Ten wait (the low-water mark): taking one lets the poller fetch again.
        dispatch.take();
        assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runnersEndAfterStopOnlyOnceEveryFetchInProgressIsQueuedAndRun() throws Exception {
        assertThat(dispatch.awaitNarrowTurn()).isTrue();
        dispatch.stop();
        CompletableFuture<QueuedTask> runner = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatch.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatch.enqueue(List.of(task(7)));
        dispatch.fetchDone(false);

        assertThat(runner.get(10, TimeUnit.SECONDS).record().offset()).isEqualTo(7);
        assertThat(dispatch.take()).isNull();
        assertThat(dispatch.awaitNarrowTurn()).isFalse();
        assertThat(dispatch.awaitWideTurn()).isFalse();
    }
}
