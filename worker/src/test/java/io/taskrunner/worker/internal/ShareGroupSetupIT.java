package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealKafkaExtension.class)
class ShareGroupSetupIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void everyGroupGetsItsSettingsAndTheStartGroupBeginsAtTheFirstOffset(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        String group = topics.tasks() + "-setup";
        String lane = group + ".long";
        try (Admin admin = clients.admin()) {
            new ShareGroupSetup(admin, kafka.bootstrapServers(), TIMEOUT).apply(List.of(
                    new ShareGroupSetup.Group(group, Duration.ofSeconds(7), 3),
                    new ShareGroupSetup.Group(lane, Duration.ofSeconds(9), 10)), group, topics.tasks());

            assertThat(setting(admin, group, "share.record.lock.duration.ms")).isEqualTo("7000");
            assertThat(setting(admin, group, "share.delivery.count.limit")).isEqualTo("3");
            assertThat(setting(admin, group, "share.auto.offset.reset")).isEqualTo("earliest");
            assertThat(setting(admin, lane, "share.record.lock.duration.ms")).isEqualTo("9000");
            assertThat(setting(admin, lane, "share.delivery.count.limit")).isEqualTo("10");
            Map<TopicPartition, SharePartitionOffsetInfo> start = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group).get();
            assertThat(start).containsKey(new TopicPartition(topics.tasks(), 0));
            assertThat(start.get(new TopicPartition(topics.tasks(), 0)).startOffset()).isZero();
        }
    }

    @Test
    void aGroupTheBrokerRefusesIsNamedInTheError(KafkaCluster kafka) {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        String group = topics.tasks() + "-refused";
        try (Admin admin = clients.admin()) {
            ShareGroupSetup setup = new ShareGroupSetup(admin, kafka.bootstrapServers(), TIMEOUT);
            // A delivery limit above the broker's maximum (10) is refused for the second group only.
            assertThatThrownBy(() -> setup.apply(List.of(new ShareGroupSetup.Group(group, Duration.ofSeconds(30), 5),
                    new ShareGroupSetup.Group(group + ".long", Duration.ofSeconds(30), 11)), group, topics.tasks()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot configure share group '" + group + ".long'")
                    .hasMessageContaining("--delivery-limit 11");
        }
    }

    private static String setting(Admin admin, String group, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(name).value();
    }
}
