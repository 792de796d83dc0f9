package io.taskrunner.worker;

/**
 * Thrown by a handler to say "this may work if tried again" (a flaky dependency, a timeout talking to
 * another service). The worker re-runs the task after an exponential backoff with jitter, up to the
 * task's {@code maxAttempts}; after the last attempt the result is FAILED with this exception's message.
 * Any other exception fails the task at once, unless its type is listed in the worker's {@code --retry-on}.
 */
public class RetriableTaskException extends Exception {
    private static final long serialVersionUID = 1L;

    public RetriableTaskException(String message) {
        super(message);
    }

    public RetriableTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
