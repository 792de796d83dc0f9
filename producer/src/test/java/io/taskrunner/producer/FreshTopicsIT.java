package io.taskrunner.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics that were just created take writes once {@code ensureTopics} returns, whoever created them: a
 * producer that never retries writes to every partition of them at that moment, so no NOT_LEADER_OR_FOLLOWER
 * can reach a run.
 */
@ExtendWith(RealKafkaExtension.class)
class FreshTopicsIT {
    private static final int ROUNDS = 10;
    private static final Map<String, Object> NO_RETRIES = Map.of("retries", 0, "enable.idempotence", false,
            "max.in.flight.requests.per.connection", 1);

    @Test
    void everyPartitionOfNewTopicsTakesWritesWhenSetupReturns(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (KafkaProducer<String, byte[]> producer = clients.producer("fresh-topics", NO_RETRIES)) {
            for (int round = 0; round < ROUNDS; round++) {
                Topics topics = kafka.freshTopics();
                clients.ensureTopics(topics);
                writeToEveryPartition(producer, topics);
            }
        }
    }

    /** As when a worker has just created the topics (it does not wait) and a producer starts right after. */
    @Test
    void topicsAnotherProcessCreatedAMomentAgoAreAwaitedToo(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (KafkaProducer<String, byte[]> producer = clients.producer("fresh-topics-other", NO_RETRIES);
             Admin admin = clients.admin()) {
            for (int round = 0; round < ROUNDS; round++) {
                Topics topics = kafka.freshTopics();
                new TopicSetup(admin, kafka.settings()).createMissing(topics);
                clients.ensureTopics(topics);
                writeToEveryPartition(producer, topics);
            }
        }
    }

    /** On a cluster with ACLs a producer may have no rights on the others: it sets up its three topics only. */
    @Test
    void aProducerSetsUpTheTopicsItUsesAndNoOthers(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics, topics.forProducers());
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get(1, TimeUnit.MINUTES);
            assertThat(topics.all()).filteredOn(existing::contains).containsExactlyInAnyOrder(
                    topics.tasks(), topics.results(), topics.control());
        }
    }

    /**
     * The broker asked may learn of a topic a moment after the controller created it, and the admin client
     * fails ListOffsets for a topic missing from that broker's metadata at once, without retrying. Here the
     * first ListOffsets answers exactly that (UNKNOWN_TOPIC_OR_PARTITION, as {@code PartitionLeaderStrategy}
     * reports it); setup must ask again rather than fail the run.
     */
    @Test
    void aTopicTheBrokerDoesNotKnowYetIsAskedForAgain(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        AtomicInteger listOffsetsCalls = new AtomicInteger();
        Topics topics = kafka.freshTopics();
        try (KafkaProducer<String, byte[]> producer = clients.producer("fresh-topics-unknown", NO_RETRIES);
             Admin admin = new ForwardingAdmin(kafka.settings().clientConfig(Map.of())) {
                 @Override
                 public ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> partitions,
                                                      ListOffsetsOptions options) {
                     if (listOffsetsCalls.getAndIncrement() > 0) {
                         return super.listOffsets(partitions, options);
                     }
                     Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> unknown = new HashMap<>();
                     partitions.keySet().forEach(partition -> {
                         KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo> failed = new KafkaFutureImpl<>();
                         failed.completeExceptionally(new UnknownTopicOrPartitionException(
                                 "metadata for topic `" + partition.topic() + "` could not be found"));
                         unknown.put(partition, failed);
                     });
                     return new ListOffsetsResult(unknown);
                 }
             }) {
            new TopicSetup(admin, kafka.settings()).ensureTopics(topics);
            assertThat(listOffsetsCalls.get()).isGreaterThan(1);
            writeToEveryPartition(producer, topics);
        }
    }

    private static void writeToEveryPartition(KafkaProducer<String, byte[]> producer, Topics topics) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String topic : List.of(topics.tasks(), topics.results(), topics.deadLetters(), topics.control())) {
            for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
                sends.add(producer.send(new ProducerRecord<>(topic, partition, "k", new byte[] {1})));
            }
        }
        for (Future<RecordMetadata> send : sends) {
            assertThat(send.get(30, TimeUnit.SECONDS).offset()).isZero();
        }
    }
}
