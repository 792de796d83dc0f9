package io.taskrunner.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @TempDir
    Path dir;

    @Test
    void passesClientPropertiesFromAFileThroughUntouched() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        Map<String, Object> config = KafkaSettings.of("broker:9092", file).clientConfig(Map.of("client.id", "x"));

        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "broker:9092").containsEntry("client.id", "x");
    }

    @Test
    void clientMetricsPushIsOffUnlessTheClientPropertiesTurnItOn() throws Exception {
        assertThat(KafkaSettings.of("broker:9092").clientConfig(Map.of())).containsEntry("enable.metrics.push", false);

        Path file = dir.resolve("client.properties");
        Files.writeString(file, "enable.metrics.push=true\n");
        assertThat(KafkaSettings.of("broker:9092", file).clientConfig(Map.of()))
                .containsEntry("enable.metrics.push", "true");
    }

    @Test
    void errorsNameTheBadSetting() {
        assertThatThrownBy(() -> KafkaSettings.of("localhost")).hasMessageContaining("'localhost' is not host:port");
        assertThatThrownBy(() -> KafkaSettings.of(" ")).hasMessageContaining("bootstrap servers");
        assertThatThrownBy(() -> KafkaSettings.of("h:1", dir.resolve("missing.properties")))
                .hasMessageContaining("cannot read Kafka client config file");
    }

    @Test
    void topicNamesAndPartitionsAreValidated() {
        assertThatThrownBy(() -> new Topics("bad name", "r", "d", "c", 1, 1)).hasMessageContaining("tasks topic name 'bad name'");
        assertThatThrownBy(() -> new Topics("t", "r", "d", "c", 0, 1)).hasMessageContaining("--task-partitions");
        assertThat(Topics.defaults().withPrefix("x.").tasks()).isEqualTo("x.taskrunner.tasks");
    }
}
