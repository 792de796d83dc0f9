package io.taskrunner.collector;

import io.taskrunner.core.kafka.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one collection.
 *
 * @param topics      where results are read
 * @param run         the run to collect
 * @param order       completion (default) or submission order
 * @param timeout     give up after this long and report what is missing; empty waits until the run completes
 * @param pollTimeout how long one poll waits
 */
public record CollectorConfig(Topics topics, String run, ResultOrder order, Optional<Duration> timeout,
                              Duration pollTimeout) {
    public CollectorConfig {
        Objects.requireNonNull(topics, "topics");
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("--run must be given");
        }
        order = Objects.requireNonNullElse(order, ResultOrder.COMPLETION);
        timeout = Objects.requireNonNullElse(timeout, Optional.empty());
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("--timeout must be positive, was " + t);
            }
        });
        pollTimeout = Objects.requireNonNullElse(pollTimeout, Duration.ofMillis(200));
    }

    public static CollectorConfig of(Topics topics, String run, ResultOrder order) {
        return new CollectorConfig(topics, run, order, Optional.empty(), Duration.ofMillis(200));
    }

    public CollectorConfig withTimeout(Duration newTimeout) {
        return new CollectorConfig(topics, run, order, Optional.ofNullable(newTimeout), pollTimeout);
    }
}
