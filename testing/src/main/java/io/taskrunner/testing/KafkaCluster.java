package io.taskrunner.testing;

import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kafka broker for tests: a Testcontainers {@code KafkaContainer} where a Docker engine runs,
 * otherwise an in-process KRaft broker from Kafka's own jars. The same tests run on both.
 */
public interface KafkaCluster {
    /** {@code host:port} of the broker. */
    String bootstrapServers();

    /** Which kind of broker this is: {@code "container"} or {@code "in-process"}. */
    String kind();

    default KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
    }

    /** Topic names no other test uses, so tests sharing the broker never see each other's records. */
    default Topics freshTopics() {
        return Topics.defaults().withPrefix("t" + TopicCounter.NEXT.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".");
    }

    /** Holds the counter behind {@link #freshTopics()}. */
    final class TopicCounter {
        static final AtomicInteger NEXT = new AtomicInteger();

        private TopicCounter() {
        }
    }
}
