package io.taskrunner.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * What a task gets when it does not say: how many attempts it may take and the time limit of one attempt.
 * The one source of these defaults for every way of submitting (the producer command, {@code TaskClient}),
 * so a task behaves the same whichever submitted it.
 *
 * @param maxAttempts attempts allowed when the handler fails with a retriable error; at least 1
 * @param timeout     time limit of one attempt; {@link Duration#ZERO} leaves it to the worker's {@code --task-timeout}
 */
public record TaskDefaults(int maxAttempts, Duration timeout) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public TaskDefaults {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts (--max-attempts) must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("task timeout (--task-timeout) must be >= 0, was " + timeout);
        }
    }

    /** {@value #DEFAULT_MAX_ATTEMPTS} attempts and no time limit of the task's own. */
    public static TaskDefaults standard() {
        return new TaskDefaults(DEFAULT_MAX_ATTEMPTS, Duration.ZERO);
    }

    /**
     * The settings of one task: the task's own where it gives them, these defaults where it gives 0.
     *
     * @param taskMaxAttempts the task's attempts, or 0 for the default
     * @param taskTimeoutMs   the task's time limit in ms, or 0 for the default
     */
    public TaskDefaults forTask(int taskMaxAttempts, long taskTimeoutMs) {
        return new TaskDefaults(taskMaxAttempts > 0 ? taskMaxAttempts : maxAttempts,
                taskTimeoutMs > 0 ? Duration.ofMillis(taskTimeoutMs) : timeout);
    }

    /** The first attempt of a new task with these settings. */
    public TaskMessage firstAttempt(String id, String run, long seq, String type, JsonNode payload, long submittedAt) {
        return new TaskMessage(ProtocolCodec.VERSION, id, run, seq, type, payload, submittedAt, 1, maxAttempts,
                timeout.toMillis());
    }
}
