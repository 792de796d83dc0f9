package io.taskrunner.worker;

import io.taskrunner.core.kafka.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one worker process.
 *
 * @param topics      where tasks come from and results go
 * @param groupId     the share group all workers of a deployment join
 * @param concurrency how many tasks this process runs at once
 * @param pollTimeout how long one poll waits for a task
 */
public record WorkerConfig(Topics topics, String groupId, int concurrency, Duration pollTimeout) {
    public static final String DEFAULT_GROUP = "taskrunner-workers";
    public static final int DEFAULT_CONCURRENCY = 3;
    public static final int MAX_CONCURRENCY = 1024;

    public WorkerConfig {
        Objects.requireNonNull(topics, "topics");
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("--group must not be blank");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1.." + MAX_CONCURRENCY + ", was " + concurrency);
        }
        pollTimeout = Objects.requireNonNullElse(pollTimeout, Duration.ofMillis(500));
    }

    public static WorkerConfig defaults(Topics topics) {
        return new WorkerConfig(topics, DEFAULT_GROUP, DEFAULT_CONCURRENCY, Duration.ofMillis(500));
    }

    public WorkerConfig withConcurrency(int newConcurrency) {
        return new WorkerConfig(topics, groupId, newConcurrency, pollTimeout);
    }

    public WorkerConfig withGroupId(String newGroupId) {
        return new WorkerConfig(topics, newGroupId, concurrency, pollTimeout);
    }
}
