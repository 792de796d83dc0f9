package io.taskrunner.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a task gets when its spec does not say.
 *
 * @param maxAttempts attempts allowed when the handler fails with a retriable error
 * @param timeout     time limit of one attempt; {@link Duration#ZERO} leaves it to the worker's {@code --task-timeout}
 */
public record TaskDefaults(int maxAttempts, Duration timeout) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public TaskDefaults {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("--task-timeout must be >= 0, was " + timeout);
        }
    }

    public static TaskDefaults standard() {
        return new TaskDefaults(DEFAULT_MAX_ATTEMPTS, Duration.ZERO);
    }
}
