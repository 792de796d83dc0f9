package io.taskrunner.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how soon a failed attempt is tried again. A task is retried when its handler threw
 * {@link RetriableTaskException} or an exception whose simple class name is in {@code retryOn}, and it has
 * attempts left ({@code maxAttempts} of the task). The wait before attempt {@code n+1} is
 * {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}, with jitter: a uniform pick from the
 * upper half of that, so retries of many tasks that failed together spread out.
 *
 * @param initialBackoff wait after the first failed attempt (before jitter)
 * @param maxBackoff     the longest wait
 * @param retryOn        simple class names of exceptions that are retriable too
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Set<String> retryOn) {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("--retry-backoff must be >= 0, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("--retry-backoff-max (" + maxBackoff + ") is less than --retry-backoff ("
                    + initialBackoff + ")");
        }
        retryOn = Set.copyOf(Objects.requireNonNullElse(retryOn, Set.of()));
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, Set.of());
    }

    /** Whether a failure of this kind may succeed when tried again. */
    public boolean isRetriable(Throwable failure) {
        return failure instanceof RetriableTaskException || retryOn.contains(failure.getClass().getSimpleName());
    }

    /** How long to wait after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt, RandomGenerator random) {
        long ceiling = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ceiling < maxBackoff.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxBackoff.toMillis());
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + (ceiling > floor ? random.nextLong(ceiling - floor + 1) : 0));
    }
}
