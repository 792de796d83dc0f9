package io.taskrunner.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Producer settings: durable and idempotent always, batch size a default that a user's file may change. */
class KafkaClientsTest {
    @Test
    void producersBatchSixtyFourKilobytesAndStayDurable() {
        Map<String, Object> config = new KafkaClients(KafkaSettings.of("localhost:9092")).producerConfig("p", Map.of());

        assertThat(config).containsEntry("batch.size", KafkaClients.PRODUCER_BATCH_BYTES)
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true).containsEntry("client.id", "p");
    }

    @Test
    void theUsersClientPropertiesSetTheBatchSizeButNotDurability() {
        KafkaSettings settings = new KafkaSettings("localhost:9092",
                Map.of("batch.size", "16384", "acks", "1"), Duration.ofSeconds(5));

        Map<String, Object> config = new KafkaClients(settings).producerConfig("p", Map.of("linger.ms", 0));

        assertThat(config).containsEntry("batch.size", "16384").containsEntry("acks", "all")
                .containsEntry("linger.ms", 0);
    }
}
