package io.taskrunner.benchpc;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelEoSStreamProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Parallel Consumer baseline of the benchmarks, as a program of its own: copies {@code count} records
 * from one topic to another with Confluent's Parallel Consumer (unordered, {@code maxConcurrency} records in
 * flight, offsets committed periodically and asynchronously, its default) and {@code pollAndProduce} over an
 * idempotent {@code acks=all} producer, then exits 0; exits 1 if Parallel Consumer fails or the copy is not
 * done within {@value #TIMEOUT_MINUTES} minutes. It runs on the kafka-clients version Parallel Consumer is
 * built for; the harness measures its rate from the broker timestamps of the output records.
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, record count, max concurrency, group id.
 */
public final class ParallelConsumerCopy {
    private static final long TIMEOUT_MINUTES = 10;

    private ParallelConsumerCopy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ParallelConsumerCopy BOOTSTRAP IN OUT COUNT MAX_CONCURRENCY GROUP");
            System.exit(2);
        }
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        long count = Long.parseLong(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", args[5], "auto.offset.reset", "earliest", "enable.auto.commit", false,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        // linger.ms=0 as in taskrunner's worker: PC waits for each copy's acknowledgement before the slot moves
        // on, so a linger would cap it at slots ÷ linger. The batch size is taskrunner's.
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true, "linger.ms", 0, "batch.size", 65536),
                new StringSerializer(), new ByteArraySerializer());
        ParallelEoSStreamProcessor<String, byte[]> pc = new ParallelEoSStreamProcessor<>(
                ParallelConsumerOptions.<String, byte[]>builder()
                        .consumer(consumer)
                        .producer(producer)
                        .ordering(ProcessingOrder.UNORDERED)
                        .maxConcurrency(concurrency)
                        .commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                        .build());
        AtomicLong produced = new AtomicLong();
        pc.subscribe(List.of(in));
        // The callback runs once the copy is acknowledged, so the count is of records really on the output.
        pc.pollAndProduce(context -> new ProducerRecord<>(out, context.key(), context.value()),
                result -> produced.incrementAndGet());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
        while (produced.get() < count && !pc.isClosedOrFailed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (produced.get() < count) {
            System.err.println("Parallel Consumer copied " + produced.get() + " of " + count + " records"
                    + (pc.isClosedOrFailed() ? ", then failed: " + pc.getFailureCause() : " in " + TIMEOUT_MINUTES
                    + " minutes"));
            System.exit(1);
        }
        pc.close();
        System.exit(0);
    }
}
