package io.taskrunner.worker;

/** The payload does not fit what the handler expects; retrying will not help. */
public class InvalidPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
