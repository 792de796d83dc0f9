package io.taskrunner.client;

import io.taskrunner.core.protocol.TaskStatus;

/**
 * A task ended without a value: its handler threw (FAILED), ran past its time limit (TIMED_OUT), or no
 * worker could run it (REJECTED). Carries the remote error's type and message, like Python's
 * {@code future.exception()}.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String taskId;
    private final TaskStatus status;
    private final String errorType;

    public TaskFailedException(String taskId, TaskStatus status, String errorType, String message) {
        super("task " + taskId + " " + status + ": " + errorType + (message.isEmpty() ? "" : ": " + message));
        this.taskId = taskId;
        this.status = status;
        this.errorType = errorType;
    }

    public String taskId() {
        return taskId;
    }

    public TaskStatus status() {
        return status;
    }

    /** The remote exception's simple class name, e.g. {@code IllegalStateException}. */
    public String errorType() {
        return errorType;
    }
}
