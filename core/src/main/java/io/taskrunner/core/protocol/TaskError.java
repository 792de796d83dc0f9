package io.taskrunner.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * The error of a result that did not succeed, in the spirit of Python's {@code future.exception()}.
 *
 * @param type    a short name for the kind of error, e.g. the simple name of the exception class
 * @param message a human-readable explanation; never null, may be empty
 * @param trace   the stack trace of the handler's exception, cut at {@value #MAX_TRACE_CHARS} characters;
 *                null when the error did not come from an exception (a time limit, an unknown type, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskError(String type, String message, String trace) {
    /** The longest trace a result carries. */
    public static final int MAX_TRACE_CHARS = 4_000;

    public TaskError {
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
        if (trace != null && trace.length() > MAX_TRACE_CHARS) {
            trace = trace.substring(0, MAX_TRACE_CHARS) + "\n\t... (cut at " + MAX_TRACE_CHARS + " characters)";
        }
    }

    /** An error without a trace. */
    public TaskError(String type, String message) {
        this(type, message, null);
    }

    /** The error a throwable stands for: its simple class name, its message and its stack trace. */
    public static TaskError of(Throwable t) {
        return new TaskError(t.getClass().getSimpleName(), t.getMessage(), traceOf(t));
    }

    /** {@code t}'s stack trace as {@link Throwable#printStackTrace()} prints it. */
    public static String traceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
