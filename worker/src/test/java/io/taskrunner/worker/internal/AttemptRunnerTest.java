package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.RetriableTaskException;
import io.taskrunner.worker.RetryPolicy;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;
import io.taskrunner.worker.handlers.EchoHandler;
import io.taskrunner.worker.handlers.FailHandler;
import io.taskrunner.worker.handlers.SleepHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttemptRunnerTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final io.taskrunner.worker.WorkerMetrics metrics = io.taskrunner.worker.WorkerMetrics.inMemory();
    private final RetryPolicy fastRetry = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5),
            Set.of("IllegalStateException"));
    private final RunningTasks runningTasks = new RunningTasks();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private AttemptRunner runner(Duration defaultTimeout) {
        return new AttemptRunner(pool, fastRetry, defaultTimeout, "host:1", codec.mapper(), Clock.systemUTC(),
                new Random(1), new AtomicBoolean(), new CancelledTasks(), metrics, runningTasks);
    }

    private TaskMessage task(String type, String payload, int maxAttempts, long timeoutMs) throws Exception {
        return new TaskMessage(1, "t1", "r", 3, type, codec.mapper().readTree(payload), 100, 1, maxAttempts, timeoutMs);
    }

    /** A handler that fails with the given exceptions in turn, then succeeds. */
    private static TaskHandler failing(AtomicInteger calls, Exception... failures) {
        return new TaskHandler() {
            @Override
            public String type() {
                return "flaky";
            }

            @Override
            public Object handle(TaskContext context, JsonNode payload) throws Exception {
                int call = calls.getAndIncrement();
                if (call < failures.length) {
                    throw failures[call];
                }
                return "ok on attempt " + context.attempt();
            }
        };
    }

    /** A handler that sleeps until interrupted and reports whether it saw itself cancelled. */
    private static TaskHandler hanging(List<Boolean> cancelledSeen, CountDownLatch interrupted) {
        return new TaskHandler() {
            @Override
            public String type() {
                return "hang";
            }

            @Override
            public Object handle(TaskContext context, JsonNode payload) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    cancelledSeen.add(context.isCancelled());
                    interrupted.countDown();
                }
                return NullNode.getInstance();
            }
        };
    }

    @Test
    void aHandlersValueBecomesASucceededResult() throws Exception {
        ResultMessage result = runner(Duration.ZERO).run(task("echo", "{\"a\":1}", 1, 0), new EchoHandler(),
                LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result.value().get("a").asInt()).isEqualTo(1);
        assertThat(result.seq()).isEqualTo(3);
        assertThat(result.worker()).isEqualTo("host:1");
        assertThat(result.startedAt()).isLessThanOrEqualTo(result.finishedAt());
    }

    /** A handler that reports the thread it ran on. */
    private static TaskHandler threadReporter() {
        return new TaskHandler() {
            @Override
            public String type() {
                return "where";
            }

            @Override
            public Object handle(TaskContext context, JsonNode payload) {
                return Thread.currentThread().getName();
            }
        };
    }

    @Test
    void anAttemptWithoutTimeLimitOrLockRunsOnTheCallingThreadAndOneWithATimeLimitOnThePool() throws Exception {
        String caller = Thread.currentThread().getName();

        ResultMessage here = runner(Duration.ZERO).run(task("where", "{}", 1, 0), threadReporter(), LockKeeper.NONE);
        ResultMessage pooled = runner(Duration.ZERO).run(task("where", "{}", 1, 5_000), threadReporter(),
                LockKeeper.NONE);

        assertThat(here.value().asText()).isEqualTo(caller);
        assertThat(pooled.value().asText()).isNotEqualTo(caller);
    }

    @Test
    void anAttemptRunningHereIsAbandonedWhenTheWorkerStopsNow() throws Exception {
        AtomicBoolean stopNow = new AtomicBoolean();
        AttemptRunner runner = new AttemptRunner(pool, fastRetry, Duration.ZERO, "host:1", codec.mapper(),
                Clock.systemUTC(), new Random(1), stopNow, new CancelledTasks(), metrics, runningTasks);
        CountDownLatch running = new CountDownLatch(1);
        TaskHandler blocking = new TaskHandler() {
            @Override
            public String type() {
                return "block";
            }

            @Override
            public Object handle(TaskContext context, JsonNode payload) throws Exception {
                running.countDown();
                new CountDownLatch(1).await(); // until interrupted
                return "never";
            }
        };
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                runner.run(task("block", "{}", 1, 0), blocking, LockKeeper.NONE);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        thread.start();
        running.await();
        assertThat(runningTasks.now()).singleElement().satisfies(task -> {
            assertThat(task.id()).isEqualTo("t1");
            assertThat(task.run()).isEqualTo("r");
        });
        stopNow.set(true);
        thread.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(runningTasks.now()).as("an abandoned task is no longer running here").isEmpty();
        assertThat(runningTasks.done()).as("nor finished: it made no result").isZero();
    }

    @Test
    void finishedAttemptsAreCountedForTheWorkersStatusAndFailuresApart() throws Exception {
        AttemptRunner runner = runner(Duration.ZERO);
        runner.run(task("echo", "{}", 1, 0), new EchoHandler(), LockKeeper.NONE);
        runner.run(task("fail", "{\"message\":\"no\"}", 1, 0), new FailHandler(), LockKeeper.NONE);

        assertThat(runningTasks.now()).isEmpty();
        assertThat(runningTasks.done()).isEqualTo(2);
        assertThat(runningTasks.failed()).isEqualTo(1);
    }

    @Test
    void aHandlersExceptionBecomesAFailedResultWithTypeAndMessage() throws Exception {
        ResultMessage result = runner(Duration.ZERO).run(task("fail", "{\"message\":\"disk full\"}", 3, 0),
                new FailHandler(), LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("RequestedFailure");
        assertThat(result.error().message()).isEqualTo("disk full");
        assertThat(result.error().trace()).as("the handler's stack trace, for the web view")
                .startsWith("io.taskrunner.worker.handlers.FailHandler$RequestedFailure: disk full")
                .contains("at io.taskrunner.worker.handlers.FailHandler.handle(");
        assertThat(result.attempt()).as("not retriable, so one attempt").isEqualTo(1);
    }

    @Test
    void aRetriableFailureIsRetriedUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler flaky = failing(calls, new RetriableTaskException("try again"), new IllegalStateException("again"));

        ResultMessage result = runner(Duration.ZERO).run(task("flaky", "{}", 3, 0), flaky, LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result.value().asText()).isEqualTo("ok on attempt 3");
        assertThat(result.attempt()).isEqualTo(3);
        assertThat(calls).hasValue(3);
        var registry = metrics.registry();
        assertThat(registry.get(io.taskrunner.worker.WorkerMetrics.TASKS_STARTED).tag("type", "flaky").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(io.taskrunner.worker.WorkerMetrics.TASKS_RETRIED).tag("type", "flaky").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(io.taskrunner.worker.WorkerMetrics.TASK_DURATION).tags("type", "flaky", "status",
                "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(registry.get(io.taskrunner.worker.WorkerMetrics.TASKS_IN_FLIGHT).gauge().value()).isZero();
    }

    @Test
    void theLastFailureSaysHowManyAttemptsWereMade() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler flaky = failing(calls, new RetriableTaskException("down"), new RetriableTaskException("still down"),
                new RetriableTaskException("never up"));

        ResultMessage result = runner(Duration.ZERO).run(task("flaky", "{}", 2, 0), flaky, LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.attempt()).isEqualTo(2);
        assertThat(result.error().type()).isEqualTo("RetriableTaskException");
        assertThat(result.error().message()).isEqualTo("still down (after 2 attempts)");
        assertThat(calls).hasValue(2);
    }

    @Test
    void anAttemptPastItsTimeLimitIsInterruptedAndTimedOut() throws Exception {
        List<Boolean> cancelledSeen = new CopyOnWriteArrayList<>();
        CountDownLatch interrupted = new CountDownLatch(1);

        ResultMessage result = runner(Duration.ZERO).run(task("hang", "{}", 3, 200),
                hanging(cancelledSeen, interrupted), LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(result.error().type()).isEqualTo("TimeLimitExceeded");
        assertThat(result.error().message()).contains("200 ms");
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledSeen).containsExactly(true);
    }

    @Test
    void theWorkersDefaultTimeLimitAppliesToTasksWithoutOne() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);

        ResultMessage result = runner(Duration.ofMillis(100)).run(task("hang", "{}", 1, 0),
                hanging(new CopyOnWriteArrayList<>(), interrupted), LockKeeper.NONE);

        assertThat(result.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLockIsRenewedWhileALongTaskRuns() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        LockKeeper counting = new LockKeeper() {
            @Override
            public Duration interval() {
                return Duration.ofMillis(50);
            }

            @Override
            public void renew() {
                renewals.incrementAndGet();
            }
        };

        ResultMessage result = runner(Duration.ZERO).run(task("sleep", "{\"ms\":400}", 1, 0), new SleepHandler(),
                counting);

        assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(renewals.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), Set.of());
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.backoff(1, random).toMillis()).isBetween(50L, 100L);
            assertThat(policy.backoff(3, random).toMillis()).isBetween(200L, 400L);
            assertThat(policy.backoff(10, random).toMillis()).isBetween(500L, 1000L);
        }
    }
}
