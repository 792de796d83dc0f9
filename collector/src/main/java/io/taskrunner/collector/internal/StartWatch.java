package io.taskrunner.collector.internal;

import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunStarted;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * For a run whose start was not yet announced when its collection began (the collector started before the
 * producer): the same consumer reads the control topic beside the run's results partition, and once the
 * run's notice ({@link RunStarted}) arrives, the partition's position moves forward to where the run begins
 * and the control topic is let go. Records of the partition before that offset are not the run's and are
 * passed over. Used on the polling thread only.
 */
public final class StartWatch {
    /** For a collection that knows where its run begins: watches nothing. */
    public static final StartWatch NONE = new StartWatch(null, null, null, null);

    private final TopicPartition results;
    private final List<TopicPartition> control;
    private final String run;
    private final ProtocolCodec codec;
    private long start = -1;
    private boolean moved;

    /**
     * @param results the run's results partition
     * @param control the control topic's partitions (at least one), assigned to the consumer beside {@code results}
     */
    public StartWatch(TopicPartition results, List<TopicPartition> control, String run, ProtocolCodec codec) {
        this.results = results;
        this.control = control;
        this.run = run;
        this.codec = codec;
    }

    /** Whether the record is from the control topic (a notice, maybe), not from the run's partition. */
    boolean isControl(ConsumerRecord<String, byte[]> record) {
        return control != null && control.get(0).topic().equals(record.topic());
    }

    /**
     * Takes a poll's control-topic records, before its records of the run's partition are handed on, so a
     * notice applies to those of the same poll; the first notice of the run sets the start.
     */
    void notices(ConsumerRecords<String, byte[]> records) {
        if (control == null || start >= 0) {
            return;
        }
        for (TopicPartition partition : control) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                OptionalLong announced = RunStarts.announced(record, run, results.partition(), codec);
                if (announced.isPresent()) {
                    start = announced.getAsLong();
                    return;
                }
            }
        }
    }

    /** Whether a record of the results partition lies before the run's start, so is not the run's. */
    boolean beforeStart(long offset) {
        return offset < start;
    }

    /** After a poll's records are taken: once the start is known, moves the position up to it and stops watching. */
    void afterPoll(Consumer<String, byte[]> consumer) {
        if (start < 0 || moved) {
            return;
        }
        long position = Math.max(consumer.position(results), start);
        consumer.assign(List.of(results));
        consumer.seek(results, position);
        moved = true;
    }
}
