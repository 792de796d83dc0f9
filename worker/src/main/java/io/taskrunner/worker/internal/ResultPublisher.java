package io.taskrunner.worker.internal;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.worker.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes an {@link Outcome}: the dead letter first, then the result. A task record may be acknowledged only
 * once the broker has acknowledged both ({@link #awaitAll}, or {@link #sendThen}'s callback), so nothing is
 * lost. Thread-safe (the Kafka producer is).
 */
public final class ResultPublisher {
    public static final String HEADER_REASON = "taskrunner.reason";
    public static final String HEADER_DETAIL = "taskrunner.detail";
    public static final String HEADER_ORIGIN_TOPIC = "taskrunner.origin.topic";
    public static final String HEADER_ORIGIN_PARTITION = "taskrunner.origin.partition";
    public static final String HEADER_ORIGIN_OFFSET = "taskrunner.origin.offset";
    public static final String HEADER_DELIVERY_COUNT = "taskrunner.delivery.count";

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final ProtocolCodec codec;
    private final WorkerMetrics metrics;
    /** The results topic's partition count as last read from the producer's metadata, read again each second. */
    private volatile PartitionCount resultPartitions = new PartitionCount(0, Long.MIN_VALUE);

    private record PartitionCount(int partitions, long readAtSecond) {
    }

    public ResultPublisher(Producer<String, byte[]> producer, Topics topics, ProtocolCodec codec, WorkerMetrics metrics) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Counts an outcome whose records the broker has acknowledged (or whose transaction committed). */
    public void written(Outcome outcome) {
        outcome.result().ifPresent(result -> metrics.completed(result.type(), result.status()));
        outcome.deadLetter().ifPresent(letter -> metrics.deadLettered(letter.reason()));
    }

    /**
     * Sends what the outcome holds without waiting, for a caller that awaits the writes ({@link #awaitAll}) or
     * completes them by committing a transaction.
     */
    public List<Future<RecordMetadata>> send(Outcome outcome) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(2);
        for (ProducerRecord<String, byte[]> record : records(outcome)) {
            sent.add(producer.send(record));
        }
        return sent;
    }

    /**
     * Sends what the outcome holds without blocking; once the broker has acknowledged every record,
     * counts the outcome as written and calls {@code whenDone} with null, or with the first failure. The
     * callback runs on the producer's I/O thread (or at once if a send fails before it leaves): keep it short.
     */
    public void sendThen(Outcome outcome, Consumer<PublishException> whenDone) {
        List<ProducerRecord<String, byte[]>> records = records(outcome);
        if (records.isEmpty()) {
            whenDone.accept(null);
            return;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
            if (pending.decrementAndGet() == 0) {
                if (failure.get() == null) {
                    written(outcome);
                    whenDone.accept(null);
                } else {
                    whenDone.accept(new PublishException(failure.get()));
                }
            }
        };
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                producer.send(record, callback);
            } catch (KafkaException e) {
                callback.onCompletion(null, e);
            }
        }
    }

    /** The dead letter first, then the result: a result never announces a task whose dead letter is missing. */
    private List<ProducerRecord<String, byte[]>> records(Outcome outcome) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(2);
        outcome.deadLetter().ifPresent(letter -> records.add(deadLetterRecord(letter)));
        outcome.result().ifPresent(result -> records.add(resultRecord(result)));
        return records;
    }

    private ProducerRecord<String, byte[]> resultRecord(ResultMessage result) {
        int partition = RunPartitioner.partition(result.run(), resultPartitions());
        return new ProducerRecord<>(topics.results(), partition, result.run(), codec.encode(result));
    }

    /** Partitions of the results topic, from the producer's metadata as of at most a second ago. */
    private int resultPartitions() {
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
        PartitionCount count = resultPartitions;
        if (count.readAtSecond() != second) {
            count = new PartitionCount(producer.partitionsFor(topics.results()).size(), second);
            resultPartitions = count;
        }
        return count.partitions();
    }

    private ProducerRecord<String, byte[]> deadLetterRecord(DeadLetter letter) {
        ConsumerRecord<String, byte[]> original = letter.original();
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        headers.add(HEADER_REASON, bytes(letter.reason()));
        headers.add(HEADER_DETAIL, bytes(letter.detail()));
        headers.add(HEADER_ORIGIN_TOPIC, bytes(original.topic()));
        headers.add(HEADER_ORIGIN_PARTITION, bytes(String.valueOf(original.partition())));
        headers.add(HEADER_ORIGIN_OFFSET, bytes(String.valueOf(original.offset())));
        original.deliveryCount().ifPresent(count -> headers.add(HEADER_DELIVERY_COUNT,
                bytes(String.valueOf(LongTaskLane.deliveries(original)))));
        return new ProducerRecord<>(topics.deadLetters(), null, original.key(), original.value(), headers);
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits for writes started by {@link #send}.
     *
     * @throws PublishException when a write failed; the record may then not be acknowledged
     */
    public static void awaitAll(List<Future<RecordMetadata>> sent) throws InterruptedException {
        for (Future<RecordMetadata> send : sent) {
            await(send);
        }
    }

    private static void await(Future<?> send) throws InterruptedException {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new PublishException(e.getCause());
        }
    }

    /** A result or dead letter could not be written. */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishException(Throwable cause) {
            super("cannot write to Kafka: " + cause.getMessage(), cause);
        }
    }
}
