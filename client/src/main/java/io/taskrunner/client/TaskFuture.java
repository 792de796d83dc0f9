package io.taskrunner.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future result of one submitted task, with the task's id. Only the client completes it: with the
 * handler's value, with {@link TaskFailedException} when the task failed, timed out or was rejected, with
 * {@link ResultsReaderStoppedException} when the client can no longer receive results, and cancelled when
 * the task was cancelled. Nothing handed out can complete it otherwise: {@link #stage()} and
 * {@link #toCompletableFuture()} are views that follow it, and completing a copy leaves the task's
 * future as it is.
 *
 * <p>What the waiting methods throw when the task did not succeed:
 * <ul>
 *   <li>{@link #join()}: the failure itself ({@code TaskFailedException}, {@code CancellationException},
 *       ...), like Python's {@code future.result()}; unlike {@code CompletableFuture.join} it is not wrapped
 *       in a {@code CompletionException};</li>
 *   <li>{@link #get()}: as every {@link Future}, an {@link ExecutionException} whose cause is the failure
 *       ({@code CancellationException} unwrapped);</li>
 *   <li>stages built on {@link #stage()}: as every {@link CompletionStage}, a {@code CompletionException}
 *       whose cause is the failure.</li>
 * </ul>
 *
 * <p>{@link #cancel(boolean)} also asks the workers to skip the task if it has not started.
 *
 * @param <T> the type the result value is read as
 */
public final class TaskFuture<T> implements Future<T> {
    private final String taskId;
    private final long seq;
    private final CompletableFuture<T> result;
    private final Runnable requestCancellation;

    /** {@code result} is completed by the client only and never handed out. */
    TaskFuture(String taskId, long seq, CompletableFuture<T> result, Runnable requestCancellation) {
        this.taskId = taskId;
        this.seq = seq;
        this.result = result;
        this.requestCancellation = requestCancellation;
    }

    public String taskId() {
        return taskId;
    }

    /** The submission sequence number within the client's run. */
    public long seq() {
        return seq;
    }

    /**
     * Waits for the task and returns its value, or throws what it ended with, unwrapped.
     *
     * @throws TaskFailedException           the task failed, timed out or was rejected
     * @throws CancellationException         the task was cancelled
     * @throws ResultsReaderStoppedException the client stopped receiving results before this one came
     * @throws IllegalStateException         the task could not be submitted, or the client was closed first
     */
    public T join() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return result.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(timeout, unit);
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    /** Done without a value: failed, timed out, rejected, cancelled, or the client could not deliver it. */
    public boolean isCompletedExceptionally() {
        return result.isCompletedExceptionally();
    }

    @Override
    public boolean isCancelled() {
        return result.isCancelled();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        requestCancellation.run();
        return result.cancel(mayInterruptIfRunning);
    }

    /**
     * A stage that completes with this future, for composing ({@code thenApply}, {@code whenComplete}, ...).
     * Callbacks registered before the result arrives run on the client's callback executor
     * ({@link TaskClientConfig#callbackExecutor()}), never on the thread that reads results.
     */
    public CompletionStage<T> stage() {
        return result.minimalCompletionStage();
    }

    /**
     * A new {@link CompletableFuture} that completes as this one does, e.g. for
     * {@code CompletableFuture.allOf}; completing it has no effect on this future.
     */
    public CompletableFuture<T> toCompletableFuture() {
        return result.copy();
    }

    @Override
    public String toString() {
        return "TaskFuture[" + taskId + ", " + (isDone() ? (isCompletedExceptionally() ? "failed" : "done") : "pending")
                + "]";
    }
}
