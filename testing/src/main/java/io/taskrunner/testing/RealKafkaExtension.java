package io.taskrunner.testing;

import io.taskrunner.broker.InProcessBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * JUnit 5 extension that gives a test a {@link KafkaCluster} parameter: one real broker per test JVM,
 * started on first use and stopped when the JVM's tests are done.
 *
 * <p>Which broker: system property {@code taskrunner.test.broker} = {@code container} or {@code in-process};
 * by default a container when Docker is available, else in-process.
 */
public final class RealKafkaExtension implements ParameterResolver {
    /** The Kafka image for the container case; 4.2+ is needed for share groups. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.4.0";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedCluster.class, key -> SharedCluster.start(), SharedCluster.class)
                .cluster();
    }

    /** The per-JVM broker; JUnit closes AutoCloseable store values when the root context closes. */
    static final class SharedCluster implements AutoCloseable {
        private final KafkaCluster cluster;
        private final Runnable stopper;

        private SharedCluster(KafkaCluster cluster, Runnable stopper) {
            this.cluster = cluster;
            this.stopper = stopper;
        }

        KafkaCluster cluster() {
            return cluster;
        }

        static SharedCluster start() {
            String wanted = System.getProperty("taskrunner.test.broker", "");
            boolean container = wanted.equals("container")
                    || (wanted.isEmpty() && dockerMayRun() && DockerClientFactory.instance().isDockerAvailable());
            return container ? startContainer() : startInProcess();
        }

        /** Cheap pre-check, so machines without Docker skip Testcontainers' noisy probing. */
        private static boolean dockerMayRun() {
            return System.getenv("DOCKER_HOST") != null
                    || Files.exists(Path.of("/var/run/docker.sock"))
                    || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                    || System.getProperty("os.name", "").startsWith("Windows");
        }

        private static SharedCluster startContainer() {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                    .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                    .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                    .withEnv("KAFKA_GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS", "1000")
                    .withEnv("KAFKA_GROUP_SHARE_HEARTBEAT_INTERVAL_MS", "1000")
                    .withEnv("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS", "1000")
                    .withEnv("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS", "6000")
                    .withEnv("KAFKA_GROUP_CONSUMER_SESSION_TIMEOUT_MS", "10000")
                    .withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "1000")
                    .withEnv("KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
            kafka.start();
            return new SharedCluster(new Cluster(kafka.getBootstrapServers(), "container"), kafka::stop);
        }

        private static SharedCluster startInProcess() {
            InProcessBroker broker = InProcessBroker.startTemporary();
            return new SharedCluster(new Cluster(broker.bootstrapServers(), "in-process"), broker::close);
        }

        @Override
        public void close() {
            stopper.run();
        }
    }

    private record Cluster(String bootstrapServers, String kind) implements KafkaCluster {
    }
}
