package io.taskrunner.core.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Sends an admin request again while the broker answers that a topic is unknown. A topic created a moment
 * ago is known to the controller before a broker's metadata, and to a broker's metadata before its group
 * coordinator; a request about it in between fails with UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class NewTopicRetry {
    /** One admin request, given the milliseconds left before the retries stop. */
    @FunctionalInterface
    public interface Request<T> {
        T send(long timeLeftMs) throws ExecutionException, TimeoutException, InterruptedException;
    }

    private NewTopicRetry() {
    }

    /**
     * The answer to {@code request}, sent again after {@code pause} while it fails because a topic is unknown,
     * until {@code within} has passed; then, or on any other failure, the request's own exception.
     */
    public static <T> T whileUnknown(Duration within, Duration pause, Request<T> request)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return request.send(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() >= deadline) {
                    throw e;
                }
            }
            Thread.sleep(pause.toMillis());
        }
    }
}
