package io.taskrunner.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSetupTest {
    @Test
    void minInSyncReplicasFitTheReplicationFactorTheUserChose() {
        assertThat(TopicSetup.replicationConfig(Topics.BROKER_DEFAULT)).as("the broker's defaults").isEmpty();
        assertThat(TopicSetup.replicationConfig(1)).isEqualTo(Map.of("min.insync.replicas", "1"));
        assertThat(TopicSetup.replicationConfig(2)).isEqualTo(Map.of("min.insync.replicas", "1"));
        assertThat(TopicSetup.replicationConfig(3)).isEqualTo(Map.of("min.insync.replicas", "2"));
        assertThat(TopicSetup.replicationConfig(5)).isEqualTo(Map.of("min.insync.replicas", "2"));
    }

    @Test
    void aReplicationFactorIsKeptThroughAPrefixAndABadOneIsRefused() {
        assertThat(Topics.defaults().replicationFactor()).isEqualTo(Topics.BROKER_DEFAULT);
        assertThat(Topics.defaults().withReplicationFactor(3).withPrefix("p.").replicationFactor()).isEqualTo(3);
        assertThatThrownBy(() -> Topics.defaults().withReplicationFactor(0))
                .hasMessage("--replication-factor must be >= 1, was 0");
    }

    @Test
    void eachProcessUsesSomeOfTheSixTopicsAndAWorkerAll() {
        Topics topics = Topics.defaults().withPrefix("p.");
        assertThat(topics.all()).containsExactly("p.taskrunner.tasks", "p.taskrunner.results",
                "p.taskrunner.dead-letters", "p.taskrunner.control", "p.taskrunner.tasks.long",
                "p.taskrunner.tasks.workers");
        assertThat(topics.forProducers()).containsExactly(topics.tasks(), topics.results(), topics.control());
        assertThat(topics.forCollectors()).containsExactly(topics.results(), topics.control());
        assertThat(topics.forWebView()).containsExactly(topics.tasks(), topics.results(), topics.deadLetters(),
                topics.control(), topics.workers());
    }

    @Test
    void aTopicThatIsNotOneOfTheSetIsRefusedBeforeKafkaIsAsked() {
        TopicSetup setup = new TopicSetup(null, KafkaSettings.of("localhost:9092"));
        assertThatThrownBy(() -> setup.createMissing(Topics.defaults(), List.of("other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }
}
