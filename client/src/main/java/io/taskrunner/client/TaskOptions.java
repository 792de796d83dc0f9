package io.taskrunner.client;

import io.taskrunner.core.protocol.TaskDefaults;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one task, for {@link TaskClient#submit(String, Object, Class, TaskOptions)}. What a task sets
 * here wins over the client's {@link TaskClientConfig#taskDefaults()}; what it leaves at 0 takes them, the
 * same rule as the producer command's {@code maxAttempts}/{@code timeoutMs} task fields.
 *
 * <pre>{@code
 * client.submit("resize", image, String.class, TaskOptions.defaults().withMaxAttempts(5).withTimeout(Duration.ofMinutes(2)));
 * }</pre>
 *
 * @param maxAttempts attempts the task may take when its handler fails with a retriable error; 0 takes the
 *                    client's default
 * @param timeout     time limit of one attempt; {@link Duration#ZERO} takes the client's default
 */
public record TaskOptions(int maxAttempts, Duration timeout) {
    private static final TaskOptions DEFAULTS = new TaskOptions(0, Duration.ZERO);

    public TaskOptions {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, or 0 for the client's default, was "
                    + maxAttempts);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 (0: the client's default), was " + timeout);
        }
    }

    /** Nothing set: the task takes the client's defaults. */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    public TaskOptions withMaxAttempts(int newMaxAttempts) {
        return new TaskOptions(newMaxAttempts, timeout);
    }

    public TaskOptions withTimeout(Duration newTimeout) {
        return new TaskOptions(maxAttempts, newTimeout);
    }

    /** The settings the task is sent with: these where set, {@code clientDefaults} elsewhere. */
    TaskDefaults over(TaskDefaults clientDefaults) {
        return clientDefaults.forTask(maxAttempts, timeout.toMillis());
    }
}
