package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The baseline every taskrunner figure is compared with: a plain kafka-clients loop that polls the input
 * topic, produces each record's key and value to the output topic, flushes, and commits the poll's offsets
 * (at-least-once, like taskrunner). Same client factory and settings as taskrunner's own clients.
 */
final class BarePipe {
    private final KafkaClients clients;
    private final String group;
    private final String in;
    private final String out;

    BarePipe(KafkaClients clients, String group, String in, String out) {
        this.clients = clients;
        this.group = group;
        this.in = in;
        this.out = out;
    }

    /**
     * Copies records until {@code count} are copied.
     *
     * @throws IllegalStateException when a write fails or the count is not reached within {@code timeout}
     */
    void copy(long count, Duration timeout) {
        long copied = 0;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("bench-pipe", Map.of("group.id", group,
                "auto.offset.reset", "earliest", "group.protocol", "consumer"));
             KafkaProducer<String, byte[]> producer = clients.producer("bench-pipe-out", Map.of())) {
            consumer.subscribe(List.of(in));
            Sends sends = new Sends();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (copied < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bare pipe copied " + copied + " of " + count + " in " + timeout);
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    producer.send(new ProducerRecord<>(out, record.key(), record.value()), sends);
                    copied++;
                }
                if (!records.isEmpty()) {
                    producer.flush();
                    sends.check("the bare pipe");
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> part = records.records(partition);
                        offsets.put(partition, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                    }
                    consumer.commitSync(offsets);
                }
            }
        }
    }
}
