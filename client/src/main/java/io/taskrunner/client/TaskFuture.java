package io.taskrunner.client;

import java.util.concurrent.CompletableFuture;

/**
 * The future result of one submitted task: a {@link CompletableFuture} with the task's id. It completes
 * with the handler's value, exceptionally with {@link TaskFailedException} when the task failed, timed out
 * or was rejected, and is cancelled when the task was. {@link #cancel(boolean)} also asks the workers to
 * skip the task if it has not started.
 *
 * @param <T> the type the result value is read as
 */
public final class TaskFuture<T> extends CompletableFuture<T> {
    private final String taskId;
    private final long seq;
    private final Runnable requestCancellation;

    TaskFuture(String taskId, long seq, Runnable requestCancellation) {
        this.taskId = taskId;
        this.seq = seq;
        this.requestCancellation = requestCancellation;
    }

    public String taskId() {
        return taskId;
    }

    /** The submission sequence number within the client's run. */
    public long seq() {
        return seq;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        requestCancellation.run();
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public String toString() {
        return "TaskFuture[" + taskId + ", " + (isDone() ? (isCompletedExceptionally() ? "failed" : "done") : "pending")
                + "]";
    }
}
