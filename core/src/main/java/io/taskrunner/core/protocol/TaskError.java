package io.taskrunner.core.protocol;

import java.util.Objects;

/**
 * The error of a result that did not succeed, in the spirit of Python's {@code future.exception()}.
 *
 * @param type    a short name for the kind of error, e.g. the simple name of the exception class
 * @param message a human-readable explanation; never null, may be empty
 */
public record TaskError(String type, String message) {
    public TaskError {
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
    }

    /** The error a throwable stands for: its simple class name and its message. */
    public static TaskError of(Throwable t) {
        return new TaskError(t.getClass().getSimpleName(), t.getMessage());
    }
}
