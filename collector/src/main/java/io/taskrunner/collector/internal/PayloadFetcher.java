package io.taskrunner.collector.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads results back from the results partition by offset, for results that were held back without their
 * payload. Uses its own consumer, so the collector's position is untouched.
 */
public final class PayloadFetcher {
    /** Seek rather than read through gaps longer than this. */
    private static final long MAX_SCAN_GAP = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Consumer<String, byte[]> consumer;
    private final ProtocolCodec codec;
    private TopicPartition assigned;

    public PayloadFetcher(Consumer<String, byte[]> consumer, ProtocolCodec codec) {
        this.consumer = consumer;
        this.codec = codec;
    }

    /** The results at the given offsets of {@code partition}; the offsets must be sorted ascending. */
    public Map<Long, ResultMessage> fetch(TopicPartition partition, List<Long> sortedOffsets) {
        if (sortedOffsets.isEmpty()) {
            return Map.of();
        }
        if (!partition.equals(assigned)) {
            consumer.assign(List.of(partition));
            assigned = partition;
        }
        Map<Long, ResultMessage> found = new HashMap<>();
        int i = 0;
        consumer.seek(partition, sortedOffsets.get(0));
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (i < sortedOffsets.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read held-back results back from " + partition + " at offset "
                        + sortedOffsets.get(i) + " within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                while (i < sortedOffsets.size() && sortedOffsets.get(i) < record.offset()) {
                    i++; // gone from the log (retention): nothing to emit for it
                }
                if (i < sortedOffsets.size() && sortedOffsets.get(i) == record.offset()) {
                    found.put(record.offset(), (ResultMessage) codec.decodeResultsTopic(record.value()));
                    i++;
                }
                if (i < sortedOffsets.size() && sortedOffsets.get(i) - record.offset() > MAX_SCAN_GAP) {
                    consumer.seek(partition, sortedOffsets.get(i));
                    break;
                }
            }
        }
        return found;
    }
}
