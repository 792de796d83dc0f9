package io.taskrunner.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.RetryPolicy;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;
import io.taskrunner.worker.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Runs one admitted task to its final result: each attempt under the task's time limit, retriable failures
 * again after a backoff, the record's lock renewed all the while. An attempt with a time limit (or a lock to
 * renew) runs on the task pool while the calling thread waits, so a handler that ignores interruption can
 * only hold a pool thread, never the slot; one with neither runs on the calling thread.
 */
public final class AttemptRunner {
    private final ExecutorService pool;
    private final RetryPolicy retry;
    private final Duration defaultTimeout;
    private final String workerId;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicBoolean stopNow;
    private final CancelledTasks cancelled;
    private final WorkerMetrics metrics;
    private final RunningTasks running;

    /**
     * @param defaultTimeout time limit for tasks that set none; zero for none
     * @param stopNow        set when the worker abandons running tasks; handlers see it as cancellation
     * @param cancelled      cancellations read from the control topic; handlers see them too
     * @param running        where the tasks running now are noted, for the worker's status
     */
    public AttemptRunner(ExecutorService pool, RetryPolicy retry, Duration defaultTimeout, String workerId,
                         ObjectMapper mapper, Clock clock, RandomGenerator random, AtomicBoolean stopNow,
                         CancelledTasks cancelled, WorkerMetrics metrics, RunningTasks running) {
        this.running = running;
        this.cancelled = cancelled;
        this.metrics = metrics;
        this.pool = pool;
        this.retry = retry;
        this.defaultTimeout = defaultTimeout;
        this.workerId = workerId;
        this.mapper = mapper;
        this.clock = clock;
        this.random = random;
        this.stopNow = stopNow;
    }

    /**
     * @throws InterruptedException when the calling thread is interrupted (the worker stops now); the
     *                              running attempt is interrupted and no result is made
     */
    public ResultMessage run(TaskMessage task, TaskHandler handler, LockKeeper lock) throws InterruptedException {
        long start = System.nanoTime();
        metrics.started(task.type());
        Object handle = running.begin(task, clock.millis());
        TaskStatus status = TaskStatus.FAILED;
        boolean made = false;
        try {
            ResultMessage result = attempts(task, handler, lock);
            status = result.status();
            made = true;
            return result;
        } finally {
            metrics.finished(task.type(), status, Duration.ofNanos(System.nanoTime() - start));
            running.end(handle, made ? status : null);
        }
    }

    private ResultMessage attempts(TaskMessage task, TaskHandler handler, LockKeeper lock) throws InterruptedException {
        Duration timeout = task.timeoutMs() > 0 ? Duration.ofMillis(task.timeoutMs()) : defaultTimeout;
        int attempt = task.attempt();
        while (true) {
            AttemptResult result = attempt(task, handler, attempt, timeout, lock);
            if (result.failure() == null) {
                return result.message();
            }
            if (!retry.isRetriable(result.failure()) || attempt >= task.maxAttempts()) {
                String suffix = attempt > 1 ? " (after " + attempt + " attempts)" : "";
                TaskError error = new TaskError(result.failure().getClass().getSimpleName(),
                        result.failure().getMessage() + suffix, TaskError.traceOf(result.failure()));
                return ResultMessage.of(withAttempt(task, attempt), TaskStatus.FAILED, null, error, workerId,
                        result.startedAt(), clock.millis());
            }
            metrics.retried(task.type());
            waitWhileRenewing(clock.millis() + retry.backoff(attempt, random).toMillis(), lock);
            attempt++;
        }
    }

    private record AttemptResult(ResultMessage message, Throwable failure, long startedAt) {
    }

    private AttemptResult attempt(TaskMessage task, TaskHandler handler, int attempt, Duration timeout, LockKeeper lock)
            throws InterruptedException {
        long start = clock.millis();
        Optional<Instant> deadline = timeout.isZero() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(start + timeout.toMillis()));
        AtomicBoolean timedOut = new AtomicBoolean();
        TaskContext context = new TaskContext(task.id(), task.run(), task.seq(), task.type(), attempt,
                task.maxAttempts(), deadline,
                () -> timedOut.get() || stopNow.get() || cancelled.isCancelled(task.run(), task.id()));
        AtomicLong startedAt = new AtomicLong(start);
        TaskMessage thisAttempt = withAttempt(task, attempt);
        Future<Object> execution = null;
        try {
            Object value;
            if (deadline.isEmpty() && lock == LockKeeper.NONE) {
                // Nothing to time out and no lock to renew meanwhile: run it here and spare the hand-off.
                value = runHere(handler, context, task, startedAt);
            } else {
                execution = pool.submit(() -> {
                    startedAt.set(clock.millis());
                    return handler.handle(context, task.payload());
                });
                value = await(execution, deadline.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE), lock);
            }
            JsonNode tree;
            try {
                // A tree (echo's payload, say) is written as it is; anything else is converted.
                tree = value instanceof JsonNode node ? node : mapper.valueToTree(value);
            } catch (IllegalArgumentException e) {
                return new AttemptResult(ResultMessage.of(thisAttempt, TaskStatus.FAILED, null,
                        new TaskError("UnserializableResult", "the handler's value cannot be written as JSON: "
                                + e.getMessage()), workerId, startedAt.get(), clock.millis()), null, startedAt.get());
            }
            return new AttemptResult(ResultMessage.of(thisAttempt, TaskStatus.SUCCEEDED, tree, null, workerId,
                    startedAt.get(), clock.millis()), null, startedAt.get());
        } catch (ExecutionException e) {
            return new AttemptResult(null, e.getCause(), startedAt.get());
        } catch (TimeoutException e) {
            timedOut.set(true);
            if (execution != null) {
                execution.cancel(true);
            }
            return new AttemptResult(ResultMessage.of(thisAttempt, TaskStatus.TIMED_OUT, null,
                    new TaskError("TimeLimitExceeded", "attempt " + attempt + " ran past its time limit of "
                            + timeout.toMillis() + " ms"), workerId, startedAt.get(), clock.millis()), null,
                    startedAt.get());
        } catch (InterruptedException e) {
            if (execution != null) {
                execution.cancel(true);
            }
            throw e;
        }
    }

    /**
     * Runs the handler on the calling thread. What it throws is its failure, as it would be from the pool,
     * except an interruption while the worker abandons its tasks, which abandons this one too.
     */
    private Object runHere(TaskHandler handler, TaskContext context, TaskMessage task, AtomicLong startedAt)
            throws ExecutionException, InterruptedException {
        startedAt.set(clock.millis());
        try {
            return handler.handle(context, task.payload());
        } catch (Throwable failure) {
            if (stopNow.get() && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                Thread.interrupted();
                throw new InterruptedException("abandoned while running");
            }
            throw new ExecutionException(failure);
        }
    }

    /** Waits for the attempt until {@code deadlineMillis}, calling the lock keeper at its interval. */
    private Object await(Future<Object> execution, long deadlineMillis, LockKeeper lock)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            long now = clock.millis();
            if (now >= deadlineMillis) {
                throw new TimeoutException();
            }
            // Asked each time: it shortens while other tasks wait behind this one.
            long slice = Math.min(lock.interval().toMillis(), deadlineMillis - now);
            try {
                return execution.get(slice, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (clock.millis() < deadlineMillis) {
                    lock.renew();
                }
            }
        }
    }

    private void waitWhileRenewing(long untilMillis, LockKeeper lock) throws InterruptedException {
        long now;
        while ((now = clock.millis()) < untilMillis) {
            long slice = Math.min(lock.interval().toMillis(), untilMillis - now);
            Thread.sleep(slice);
            if (clock.millis() < untilMillis) {
                lock.renew();
            }
        }
    }

    private static TaskMessage withAttempt(TaskMessage task, int attempt) {
        return new TaskMessage(task.v(), task.id(), task.run(), task.seq(), task.type(), task.payload(),
                task.submittedAt(), attempt, task.maxAttempts(), task.timeoutMs());
    }
}
