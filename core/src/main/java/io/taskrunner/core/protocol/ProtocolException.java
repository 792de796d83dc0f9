package io.taskrunner.core.protocol;

/** A record on a taskrunner topic could not be decoded: malformed JSON, a missing field or an unknown version. */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
