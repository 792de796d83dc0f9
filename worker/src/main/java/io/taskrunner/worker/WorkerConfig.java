package io.taskrunner.worker;

import io.taskrunner.core.kafka.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one worker process. Build with {@link #defaults(Topics)} and the {@code with...} methods;
 * every value is checked here, with errors naming the command-line flag.
 *
 * @param topics          where tasks come from and results go
 * @param groupId         the share group all workers of a deployment join
 * @param concurrency     how many tasks this process runs at once
 * @param pollTimeout     how long one poll waits for a task
 * @param taskTimeout     time limit of an attempt whose task sets none; {@link Duration#ZERO} for none
 * @param drainTimeout    on shutdown, how long running tasks may take to finish before they are abandoned
 *                        (and redelivered to another worker)
 * @param lockDuration    the share group's acquisition lock; a task running longer has its lock renewed
 * @param deliveryLimit   a task delivered this many times without a result (its workers died or hung) is
 *                        dead-lettered instead of run again
 * @param retry           when failed attempts are retried
 * @param maxPayloadBytes task records larger than this are dead-lettered, not run
 * @param source          where tasks come from: a share group (default) or a consumer group
 * @param exactlyOnce     consumer source only: results and offsets in one transaction each time
 * @param prefetch        share source: the most tasks one fetch may take ({@link #DEFAULT_PREFETCH}). The
 *                        worker chooses how many it takes from the task durations it measures (one at a time
 *                        while tasks are slow, batches of 16 or of up to this many while such a batch clears
 *                        within {@link #WIDE_BATCH_BUDGET}); 1 makes it take one at a time always, none ahead.
 */
public record WorkerConfig(Topics topics, String groupId, int concurrency, Duration pollTimeout, Duration taskTimeout,
                           Duration drainTimeout, Duration lockDuration, int deliveryLimit, RetryPolicy retry,
                           int maxPayloadBytes, TaskSourceKind source, boolean exactlyOnce, int prefetch) {
    public static final String DEFAULT_GROUP = "taskrunner-workers";
    /** A group id is either a share group or a consumer group, so the consumer source has its own default. */
    public static final String DEFAULT_CONSUMER_GROUP = "taskrunner-workers-consumer";
    public static final int DEFAULT_CONCURRENCY = 3;
    public static final int MAX_CONCURRENCY = 1024;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_DELIVERY_LIMIT = 5;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
    public static final int DEFAULT_PREFETCH = 500;
    public static final int MAX_PREFETCH = 10_000;
    /** A worker takes tasks in batches only while a full batch runs within this on its slots. */
    public static final Duration WIDE_BATCH_BUDGET = Duration.ofMillis(250);
    /** Share consumers that fetch wide batches, besides the one-task consumers (one per slot). */
    public static final int WIDE_POLLERS = 2;
    /**
     * The most members this worker adds to its share group (the share source; none for the consumer source):
     * one consumer per slot, one per task its narrow lane may hold ahead, and its batch lanes' consumers, of the
     * lanes its prefetch allows: {@code concurrency + 7} with the default prefetch, {@code concurrency} with
     * prefetch 1. The broker refuses members past {@code group.share.max.size} (200 by default), so a deployment
     * keeps its workers × this within that. The long-task lane's watch joins a group of its own.
     */
    public int shareGroupMembers() {
        if (source != TaskSourceKind.SHARE) {
            return 0;
        }
        return ShareWiring.pollersPerLane(this).values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Share consumers that fetch medium batches: enough that their fetches (tens of milliseconds each with
     * acknowledgements) overlap and keep every slot busy on tasks of a few milliseconds.
     */
    public static final int MEDIUM_POLLERS = 4;

    public WorkerConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(source, "source");
        if (exactlyOnce && source != TaskSourceKind.CONSUMER) {
            throw new IllegalArgumentException("--exactly-once needs --source consumer (a share group acknowledges "
                    + "tasks one by one and cannot take part in a transaction)");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("--group must not be blank");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1.." + MAX_CONCURRENCY + ", was " + concurrency);
        }
        requireNotNegative(pollTimeout, "poll timeout");
        requireNotNegative(taskTimeout, "--task-timeout");
        requireNotNegative(drainTimeout, "--drain-timeout");
        requireNotNegative(lockDuration, "--lock-duration");
        if (lockDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("--lock-duration must be at least 1s, was " + lockDuration);
        }
        if (deliveryLimit < 2 || deliveryLimit > 10) {
            throw new IllegalArgumentException("--delivery-limit must be 2..10 (the broker's bounds), was " + deliveryLimit);
        }
        if (prefetch < 1 || prefetch > MAX_PREFETCH) {
            throw new IllegalArgumentException("--prefetch must be 1.." + MAX_PREFETCH + ", was " + prefetch);
        }
        if (prefetch != DEFAULT_PREFETCH && source != TaskSourceKind.SHARE) {
            throw new IllegalArgumentException("--prefetch applies to --source share only (the consumer source "
                    + "fetches up to --concurrency x 8 tasks a poll)");
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("--max-payload-bytes must be >= 1, was " + maxPayloadBytes);
        }
    }

    public static WorkerConfig defaults(Topics topics) {
        return new WorkerConfig(topics, DEFAULT_GROUP, DEFAULT_CONCURRENCY, Duration.ofMillis(500), Duration.ZERO,
                DEFAULT_DRAIN_TIMEOUT, DEFAULT_LOCK_DURATION, DEFAULT_DELIVERY_LIMIT, RetryPolicy.defaults(),
                DEFAULT_MAX_PAYLOAD_BYTES, TaskSourceKind.SHARE, false, DEFAULT_PREFETCH);
    }

    public WorkerConfig withGroupId(String value) {
        return new WorkerConfig(topics, value, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withConcurrency(int value) {
        return new WorkerConfig(topics, groupId, value, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withTaskTimeout(Duration value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, value, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withDrainTimeout(Duration value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, value, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withLockDuration(Duration value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, value,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withDeliveryLimit(int value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                value, retry, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withRetry(RetryPolicy value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, value, maxPayloadBytes, source, exactlyOnce, prefetch);
    }

    public WorkerConfig withMaxPayloadBytes(int value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, value, source, exactlyOnce, prefetch);
    }

    /** The given source; switches the group to the consumer-group default if it was the share default. */
    public WorkerConfig withSource(TaskSourceKind value) {
        String group = value == TaskSourceKind.CONSUMER && groupId.equals(DEFAULT_GROUP) ? DEFAULT_CONSUMER_GROUP
                : value == TaskSourceKind.SHARE && groupId.equals(DEFAULT_CONSUMER_GROUP) ? DEFAULT_GROUP : groupId;
        return new WorkerConfig(topics, group, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, value, exactlyOnce, prefetch);
    }

    public WorkerConfig withExactlyOnce(boolean value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, value, prefetch);
    }

    public WorkerConfig withPrefetch(int value) {
        return new WorkerConfig(topics, groupId, concurrency, pollTimeout, taskTimeout, drainTimeout, lockDuration,
                deliveryLimit, retry, maxPayloadBytes, source, exactlyOnce, value);
    }

    private static void requireNotNegative(Duration value, String setting) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must be >= 0, was " + value);
        }
    }
}
