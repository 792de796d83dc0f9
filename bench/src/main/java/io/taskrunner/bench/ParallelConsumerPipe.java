package io.taskrunner.bench;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelEoSStreamProcessor;
import io.taskrunner.core.kafka.KafkaClients;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Baseline: the same copy pipe as {@link BarePipe} (same topics, input records,
 * client settings and rate measurement; see {@link Pipes}), with the consume-produce loop done by
 * Confluent's Parallel Consumer instead: unordered, {@code concurrency} records in flight, offsets
 * committed periodically and asynchronously by the consumer (its default), and each record copied to the
 * output by {@code pollAndProduce} over a non-transactional, idempotent producer.
 */
final class ParallelConsumerPipe {
    private static final long TIMEOUT_MINUTES = 10;

    private final KafkaClients clients;
    private final int tasks;
    private final int concurrency;

    ParallelConsumerPipe(KafkaClients clients, int tasks, int concurrency) {
        this.clients = clients;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    /**
     * Records per second through a Parallel Consumer pipe on new topics {@code bench-pc-<name>.in/.out};
     * throws if not every record reaches the output within {@value #TIMEOUT_MINUTES} minutes, or if the
     * Parallel Consumer fails.
     */
    double run(String name) throws Exception {
        String in = "bench-pc-" + name + ".in";
        String out = "bench-pc-" + name + ".out";
        Pipes.createTopics(clients, in, out);
        Pipes.load(clients, "bench-pc-load", in, tasks);
        // group.protocol=consumer, as the bare pipe uses: PC 0.5.3.3 finds the auto-commit setting of either
        // protocol's consumer by reflection and both work with kafka-clients 4.4; this one is the fair match.
        // KafkaClients' consumer already has enable.auto.commit=false, which PC requires.
        KafkaConsumer<String, byte[]> consumer = clients.consumer("bench-pc", Map.of("group.id",
                "bench-pc-" + name, "auto.offset.reset", "earliest", "group.protocol", "consumer"));
        // linger.ms=0 as in taskrunner's worker: PC waits for each copy's acknowledgement before the slot moves
        // on, so Kafka 4's default linger of 5 ms would cap it at slots ÷ 5 ms (measured ~1,200/s vs ~3,000/s).
        KafkaProducer<String, byte[]> producer = clients.producer("bench-pc-out", Map.of("linger.ms", 0));
        ParallelEoSStreamProcessor<String, byte[]> pc;
        try {
            pc = new ParallelEoSStreamProcessor<>(ParallelConsumerOptions.<String, byte[]>builder()
                    .consumer(consumer)
                    .producer(producer)
                    .ordering(ProcessingOrder.UNORDERED)
                    .maxConcurrency(concurrency)
                    .commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                    .build());
        } catch (RuntimeException e) {
            consumer.close();
            producer.close();
            throw e;
        }
        try {
            copy(pc, in, out);
        } catch (Exception | Error e) {
            try {
                close(pc, consumer, producer);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        close(pc, consumer, producer);
        return Pipes.outputRate(clients, out, tasks);
    }

    private void copy(ParallelEoSStreamProcessor<String, byte[]> pc, String in, String out)
            throws InterruptedException {
        AtomicLong produced = new AtomicLong();
        pc.subscribe(List.of(in));
        // The callback runs once the copy is acknowledged, so the count is of records really on the output.
        pc.pollAndProduce(context -> new ProducerRecord<>(out, context.key(), context.value()),
                result -> produced.incrementAndGet());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
        while (produced.get() < tasks && !pc.isClosedOrFailed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (pc.isClosedOrFailed()) {
            throw new IllegalStateException("Parallel Consumer stopped after " + produced.get() + " of " + tasks
                    + " records", pc.getFailureCause());
        }
        if (produced.get() < tasks) {
            throw new IllegalStateException("Parallel Consumer copied only " + produced.get() + " of " + tasks
                    + " records in " + TIMEOUT_MINUTES + " minutes");
        }
    }

    /**
     * Closing PC closes the clients it was given, but not when its own shutdown fails; their threads would
     * then keep the harness JVM alive after the failure is reported, so they are closed here in that case.
     * PC's close can throw checked exceptions it does not declare (e.g. {@code ExecutionException}), hence
     * the catch of {@code Exception}.
     */
    private static void close(ParallelEoSStreamProcessor<String, byte[]> pc, KafkaConsumer<String, byte[]> consumer,
                              KafkaProducer<String, byte[]> producer) {
        try {
            pc.close();
        } catch (Exception e) {
            try {
                closeTakingOver(consumer);
            } catch (RuntimeException stillOpen) {
                e.addSuppressed(stillOpen);
            }
            producer.close();
            throw new IllegalStateException("Parallel Consumer did not close cleanly", e);
        }
    }

    /**
     * Closes a consumer that PC's broker-poll thread may still be polling after PC's control thread died: the
     * consumer refuses a second thread while the first is inside a call, so wake the poll up and retry.
     */
    private static void closeTakingOver(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                consumer.close();
                return;
            } catch (ConcurrentModificationException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                consumer.wakeup();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }
}
