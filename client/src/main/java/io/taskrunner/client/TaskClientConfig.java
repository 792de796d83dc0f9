package io.taskrunner.client;

import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.RunId;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link TaskClient}.
 *
 * @param kafka  how to reach Kafka (bootstrap servers, client properties, connect timeout)
 * @param topics the taskrunner topics; the workers must use the same
 * @param run    the run this client's tasks belong to; a client started again with the same run recovers
 *               the results already published
 */
public record TaskClientConfig(KafkaSettings kafka, Topics topics, String run) {
    public TaskClientConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        RunId.require(run);
    }

    /** Default topics and a new run id of its own. */
    public static TaskClientConfig of(String bootstrapServers) {
        return new TaskClientConfig(KafkaSettings.of(bootstrapServers), Topics.defaults(),
                "client-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public TaskClientConfig withRun(String newRun) {
        return new TaskClientConfig(kafka, topics, newRun);
    }

    public TaskClientConfig withTopics(Topics newTopics) {
        return new TaskClientConfig(kafka, newTopics, run);
    }
}
