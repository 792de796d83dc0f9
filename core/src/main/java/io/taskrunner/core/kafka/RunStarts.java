package io.taskrunner.core.kafka;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.RunStarted;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a run's results begin. Whoever submits a run announces, before its first task, the end offset of
 * the run's results partition ({@link RunStarted} on the control topic); a collector looks that up
 * ({@link #find}) and starts reading there, not at the beginning of a partition that may hold days of other
 * runs. Without a notice (a run submitted by an older version, or a notice gone with the control topic's
 * retention) a collector reads from the beginning, as before: slower, never wrong.
 */
public final class RunStarts {
    private RunStarts() {
    }

    /**
     * Announces that {@code run} starts now: reads the end offset of its results partition and writes the
     * notice. Call before submitting the run's first task, so that every result of the run lies at or after
     * that offset. Returns that offset and the notice's write, which need not be awaited: a lost notice only
     * makes collectors read from the beginning.
     *
     * @throws IllegalStateException when the end offset cannot be read within {@code timeout}
     */
    public static Announced announce(Admin admin, Producer<String, byte[]> producer, Topics topics, String run,
                                     ProtocolCodec codec, Clock clock, Duration timeout) {
        TopicPartition partition = new TopicPartition(topics.results(),
                RunPartitioner.partition(run, producer.partitionsFor(topics.results()).size()));
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end of " + partition + " to start run " + run
                    + " within " + timeout + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting run " + run, e);
        }
        return new Announced(end, producer.send(new ProducerRecord<>(topics.control(), run,
                codec.encode(RunStarted.of(run, partition.partition(), end, clock.millis())))));
    }

    /** What {@link #announce} announced: the run's first offset on its results partition, and the notice's write. */
    public record Announced(long offset, Future<RecordMetadata> written) {
    }

    /**
     * The lowest offset announced for {@code run} on results partition {@code partition}, read from the
     * control topic up to its end; empty when there is none, or when the control topic cannot be read to its
     * end within {@code timeout}. Leaves {@code consumer} assigned to the control topic (unless it has no
     * partitions) and positioned where the reading stopped, so a caller can go on watching it.
     */
    public static OptionalLong find(Consumer<String, byte[]> consumer, Topics topics, String run, int partition,
                                    ProtocolCodec codec, Duration timeout) {
        Lookup lookup = lookup(consumer, topics, run, partition, codec, timeout);
        return lookup.complete() ? lookup.start() : OptionalLong.empty();
    }

    /**
     * What {@link #find} reads, and whether it read the control topic to its end: a caller for whom "no notice"
     * means "announce one" must tell it from "could not read in time".
     */
    public static Lookup lookup(Consumer<String, byte[]> consumer, Topics topics, String run, int partition,
                                ProtocolCodec codec, Duration timeout) {
        List<TopicPartition> control = consumer.partitionsFor(topics.control()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (control.isEmpty()) {
            return new Lookup(OptionalLong.empty(), true);
        }
        consumer.assign(control);
        consumer.seekToBeginning(control);
        Map<TopicPartition, Long> end = consumer.endOffsets(control);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lowest = Long.MAX_VALUE;
        while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            if (System.nanoTime() > deadline) {
                return new Lookup(OptionalLong.empty(), false);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                OptionalLong start = announced(record, run, partition, codec);
                if (start.isPresent()) {
                    lowest = Math.min(lowest, start.getAsLong());
                }
            }
        }
        return new Lookup(lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest), true);
    }

    /** The lowest start announced for a run, if any, and whether the whole control topic was read to find it. */
    public record Lookup(OptionalLong start, boolean complete) {
    }

    /**
     * The offset a control-topic record announces for {@code run} on results partition {@code partition};
     * empty when it is anything else (another run's, another kind, or undecodable: workers log those).
     */
    public static OptionalLong announced(ConsumerRecord<String, byte[]> record, String run, int partition,
                                         ProtocolCodec codec) {
        if (!run.equals(record.key())) {
            return OptionalLong.empty();
        }
        try {
            return codec.decodeControl(record.value()) instanceof RunStarted started && started.run().equals(run)
                    && started.partition() == partition ? OptionalLong.of(started.offset()) : OptionalLong.empty();
        } catch (ProtocolException e) {
            return OptionalLong.empty();
        }
    }
}
