package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.Await;
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
    void everyGroupGetsItsSettings(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        String group = topics.tasks() + "-setup";
        String lane = group + ".long";
        try (Admin admin = clients.admin()) {
            new ShareGroupSetup(admin, kafka.bootstrapServers(), TIMEOUT).apply(List.of(
                    new ShareGroupSetup.Group(group, Duration.ofSeconds(7), 3),
                    new ShareGroupSetup.Group(lane, Duration.ofSeconds(9), 10)), group, topics.tasks());

            // The controller has committed the settings when apply returns; a broker shows them once its
            // metadata catches up, so the test waits for that rather than reading once.
            Map<String, String> wanted = Map.of("share.record.lock.duration.ms", "7000",
                    "share.delivery.count.limit", "3", "share.auto.offset.reset", "earliest");
            Map<String, String> wantedOnLane = Map.of("share.record.lock.duration.ms", "9000",
                    "share.delivery.count.limit", "10");
            Await.until(() -> "settings of " + group + " and " + lane, TIMEOUT,
                    () -> settings(admin, group, wanted.keySet()).equals(wanted)
                            && settings(admin, lane, wantedOnLane.keySet()).equals(wantedOnLane));
        }
    }

    /**
     * A worker creates the tasks topic and sets its group up at once; the broker's group coordinator learns
     * of a new topic a moment after its metadata does. The group must still start at the beginning before
     * any member joins. Several topics, since the window is a few milliseconds wide.
     */
    @Test
    void aGroupOnATopicCreatedAMomentAgoStartsAtItsBeginning(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (Admin admin = clients.admin()) {
            for (int i = 0; i < 5; i++) {
                Topics topics = kafka.freshTopics();
                new TopicSetup(admin, clients.settings()).createMissing(topics);
                String group = topics.tasks() + "-new";
                new ShareGroupSetup(admin, kafka.bootstrapServers(), TIMEOUT).apply(List.of(
                        new ShareGroupSetup.Group(group, Duration.ofSeconds(30), 5)), group, topics.tasks());

                Map<TopicPartition, SharePartitionOffsetInfo> state = admin.listShareGroupOffsets(
                        Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                        .get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                assertThat(state).as("share state of %s on a topic created just before", group)
                        .containsKey(new TopicPartition(topics.tasks(), 0));
                assertThat(state.get(new TopicPartition(topics.tasks(), 0))).as("start of %s", group).isNotNull()
                        .extracting(SharePartitionOffsetInfo::startOffset).isEqualTo(0L);
            }
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

    private static Map<String, String> settings(Admin admin, String group, java.util.Set<String> names) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            Map<String, String> values = new java.util.HashMap<>();
            names.forEach(name -> values.put(name, config.get(name).value()));
            return values;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe group " + group, e);
        }
    }
}
