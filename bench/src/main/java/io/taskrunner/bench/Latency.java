package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TaskrunnerProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 2: latency from submission to collection at a fixed rate, taskrunner (one worker process)
 * against the bare pipe. The harness submits on a schedule (not as fast as it can: a closed loop would hide
 * queueing) and reads the output topic itself, read-committed like the collector; latency is the time
 * between the scheduled send time and the read, both on the harness's clock, in microseconds. The first
 * {@code warmUp} tasks of each run are left out.
 */
final class Latency implements AutoCloseable {
    private final BenchCluster cluster;
    private final int perSecond;
    private final int warmUp;
    private final int measured;
    private final ProtocolCodec codec = new ProtocolCodec();
    /** The worker process of every repetition at this rate, so that only the first runs on a cold JVM. */
    private TaskrunnerProcess worker;
    private Topics topics;

    /** One pipeline under measurement: sorted latencies in µs of one run named {@code name}. */
    interface Pipeline {
        long[] latencies(String name) throws Exception;
    }

    Latency(BenchCluster cluster, int perSecond, int warmUp, int measured) {
        this.cluster = cluster;
        this.perSecond = perSecond;
        this.warmUp = warmUp;
        this.measured = measured;
    }

    /**
     * Latencies in µs of tasks through a worker started with {@code workerArgs}, sorted. The worker is started
     * on the first call and kept for the next ones (the bare pipe, in the harness's JVM, is warm too); each
     * call is a run of its own, named {@code name}.
     */
    long[] taskrunner(String name, List<String> workerArgs) throws Exception {
        if (worker == null) {
            topics = Topics.defaults().withPrefix("bench-latency-" + perSecond + ".");
            cluster.clients().ensureTopics(topics);
            worker = cluster.startWorker("latency-" + perSecond, topics, "bench-latency-" + perSecond, workerArgs);
        }
        return measure(topics.tasks(), topics.results(), name, seq -> {
            ResultsTopicMessage message = codec.decodeResultsTopic(seq.value());
            return message instanceof ResultMessage result && result.run().equals(name)
                    ? Integer.parseInt(result.id()) : -1;
        }, null);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Latencies in µs of records through the bare pipe, sorted. */
    long[] barePipe(String name) throws Exception {
        String in = "bench-latency-pipe-" + name + ".in";
        String out = "bench-latency-pipe-" + name + ".out";
        Pipes.createTopics(cluster.clients(), in, out);
        BarePipe pipe = new BarePipe(cluster.clients(), "bench-latency-pipe-" + name, in, out);
        return measure(in, out, "bench", record -> Integer.parseInt(record.key()), pipe);
    }

    private long[] measure(String in, String out, String run, ToIntFunction<ConsumerRecord<String, byte[]>> indexOf,
                           BarePipe pipe) throws Exception {
        int total = warmUp + measured;
        long[] sentAt = new long[total];
        long[] readAt = new long[total];
        AtomicInteger read = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch readerAtEnd = new CountDownLatch(1);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(
                () -> readOutput(out, indexOf, readAt, read, stop, readerAtEnd));
        readerAtEnd.await();
        CompletableFuture<Void> copier = pipe == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> pipe.copy(total, Duration.ofMinutes(5)));
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-latency-submit", Map.of())) {
            Sends sends = new Sends();
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] value = codec.encode(TaskMessage.first(String.valueOf(i), run, i, "echo",
                        codec.mapper().valueToTree(Pipes.PAYLOAD), System.currentTimeMillis()));
                // Latency counts from the scheduled send time, so a sender that falls behind shows as latency.
                sentAt[i] = due;
                if (i == 0) {
                    // Waits until the new topic takes writes (see Pipes.LOADER); part of the warm-up.
                    producer.send(new ProducerRecord<>(in, String.valueOf(i), value)).get();
                    continue;
                }
                producer.send(new ProducerRecord<>(in, String.valueOf(i), value), sends);
            }
            producer.flush();
            sends.check("submitting");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (read.get() < total && System.nanoTime() < deadline && !reader.isDone() && !copier.isCompletedExceptionally()) {
                Thread.sleep(50);
            }
        } finally {
            stop.set(true);
        }
        reader.join();
        copier.join();
        if (read.get() < total) {
            throw new IllegalStateException("only " + read.get() + " of " + total + " reached " + out);
        }
        long[] micros = new long[measured];
        for (int i = warmUp; i < total; i++) {
            micros[i - warmUp] = TimeUnit.NANOSECONDS.toMicros(readAt[i] - sentAt[i]);
        }
        Arrays.sort(micros);
        return micros;
    }

    private void readOutput(String topic, ToIntFunction<ConsumerRecord<String, byte[]>> indexOf, long[] readAt,
                            AtomicInteger read, AtomicBoolean stop, CountDownLatch atEnd) {
        try (KafkaConsumer<String, byte[]> consumer = cluster.clients().consumer("bench-latency-read", Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            atEnd.countDown();
            while (!stop.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                // One arrival time for the whole poll: reading one record (taskrunner's are decoded to find
                // the task) must not delay the next one's timestamp.
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    int index = indexOf.applyAsInt(record);
                    if (index >= 0 && index < readAt.length && readAt[index] == 0) {
                        readAt[index] = now;
                        read.incrementAndGet();
                    }
                }
            }
        } finally {
            atEnd.countDown(); // a reader that failed to start must not leave the sender waiting
        }
    }

    /** The value at quantile {@code q} (0..1) of sorted values. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
