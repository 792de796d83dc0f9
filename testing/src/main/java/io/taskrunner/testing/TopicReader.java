package io.taskrunner.testing;

import io.taskrunner.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic from the beginning, for assertions on what really reached the broker. */
public final class TopicReader {
    private final KafkaClients clients;

    public TopicReader(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * Reads {@code topic} from the start until {@code done} holds for what was read, or {@code timeout}
     * passes; returns what was read either way, so the caller's assertion shows what was missing.
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                          Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-reader", Map.of())) {
            fromTheStart(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads every record on {@code topic} up to its end offsets as they are when called (committed records
     * only under read_committed settings).
     */
    public List<ConsumerRecord<String, byte[]>> readToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-reader", Map.of())) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(fromTheStart(consumer, topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads until at least {@code count} records are in. */
    public List<ConsumerRecord<String, byte[]>> readAtLeast(String topic, int count, Duration timeout) {
        return readUntil(topic, records -> records.size() >= count, timeout);
    }

    /** Assigns every partition of {@code topic} to {@code consumer}, at the beginning; returns them. */
    private static List<TopicPartition> fromTheStart(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }
}
