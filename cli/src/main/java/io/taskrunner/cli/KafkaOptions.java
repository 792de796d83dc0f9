package io.taskrunner.cli;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares: where the cluster is and which topics to use. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, e.g. localhost:9092.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, tuning) passed through untouched.")
    Path kafkaConfig;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to wait for Kafka to answer at start-up (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--tasks-topic", paramLabel = "NAME", defaultValue = Topics.DEFAULT_TASKS,
            description = "Tasks topic (default: ${DEFAULT-VALUE}).")
    String tasksTopic;

    @Option(names = "--results-topic", paramLabel = "NAME", defaultValue = Topics.DEFAULT_RESULTS,
            description = "Results topic (default: ${DEFAULT-VALUE}).")
    String resultsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "NAME", defaultValue = Topics.DEFAULT_DEAD_LETTERS,
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--control-topic", paramLabel = "NAME", defaultValue = Topics.DEFAULT_CONTROL,
            description = "Control topic for cancellations (default: ${DEFAULT-VALUE}).")
    String controlTopic;

    @Option(names = "--task-partitions", paramLabel = "N", defaultValue = "" + Topics.DEFAULT_TASK_PARTITIONS,
            description = "Partitions of the tasks topic when taskrunner creates it (default: ${DEFAULT-VALUE}; "
                    + "share-group workers all share a partition, so one is enough).")
    int taskPartitions;

    @Option(names = "--result-partitions", paramLabel = "N", defaultValue = "" + Topics.DEFAULT_RESULT_PARTITIONS,
            description = "Partitions of the results and dead-letter topics when taskrunner creates them "
                    + "(default: ${DEFAULT-VALUE}).")
    int resultPartitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "" + Topics.BROKER_DEFAULT,
            description = "Replicas of each topic taskrunner creates, with min.insync.replicas 2 from 3 replicas "
                    + "(default: the broker's default.replication.factor and min.insync.replicas).")
    int replicationFactor;

    KafkaClients clients() {
        return new KafkaClients(KafkaSettings.of(bootstrapServers, kafkaConfig).withConnectTimeout(connectTimeout));
    }

    Topics topics() {
        return new Topics(tasksTopic, resultsTopic, deadLetterTopic, controlTopic, taskPartitions, resultPartitions,
                replicationFactor);
    }
}
