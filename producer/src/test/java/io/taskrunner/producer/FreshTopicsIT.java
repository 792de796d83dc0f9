package io.taskrunner.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics that taskrunner has just created take writes at once: a producer that never retries writes to every
 * partition of them the moment {@code ensureTopics} returns, so no NOT_LEADER_OR_FOLLOWER can reach a run.
 */
@ExtendWith(RealKafkaExtension.class)
class FreshTopicsIT {
    private static final int ROUNDS = 10;

    @Test
    void everyPartitionOfNewTopicsTakesWritesWhenSetupReturns(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Map<String, Object> noRetries = Map.of("retries", 0, "enable.idempotence", false,
                "max.in.flight.requests.per.connection", 1);
        try (KafkaProducer<String, byte[]> producer = clients.producer("fresh-topics", noRetries)) {
            for (int round = 0; round < ROUNDS; round++) {
                Topics topics = kafka.freshTopics();
                clients.ensureTopics(topics);
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
    }
}
