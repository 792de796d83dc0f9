package io.taskrunner.client;

import java.time.Duration;

/** {@code asCompleted} or {@code map} waited longer than its timeout, like Python's {@code TimeoutError}. */
public class TaskTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(int unfinished, Duration timeout) {
        super(unfinished + " task(s) unfinished after " + timeout);
    }
}
