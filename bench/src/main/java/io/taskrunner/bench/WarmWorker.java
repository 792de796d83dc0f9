package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One taskrunner worker process kept across the repetitions of scenario 1, so that every repetition after
 * the first measures a warm JVM on a backlog, as the bare pipe and Parallel Consumer (which run inside the
 * harness) are measured. Before each later repetition the worker is frozen with {@code SIGSTOP}, the
 * repetition's tasks are written, and {@code SIGCONT} lets it take the whole backlog at once. The pause is a
 * second or two, far below the group's session timeout, so the worker stays a member throughout.
 */
final class WarmWorker implements AutoCloseable {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    private final BenchCluster cluster;
    private final Topics topics;
    private final List<String> args;
    private final ProtocolCodec codec = new ProtocolCodec();
    private TaskrunnerProcess process;

    /** @param args the worker's arguments after the Kafka and topic options */
    WarmWorker(BenchCluster cluster, String name, List<String> args) {
        this.cluster = cluster;
        this.topics = Topics.defaults().withPrefix("bench-tr-" + name + ".");
        this.args = args;
    }

    /**
     * Submits {@code tasks} echo tasks as run {@code run} while the worker is frozen, then lets it run them:
     * tasks/s, and the broker's CPU time from the moment the worker is let go to the last result.
     */
    Throughput run(String run, int tasks) throws Exception {
        if (process == null) {
            cluster.clients().ensureTopics(topics);
        } else {
            signal("STOP");
        }
        double cpuBefore;
        double cpu;
        try (KafkaConsumer<String, byte[]> ends = cluster.clients().consumer("bench-ends", Map.of())) {
            List<TopicPartition> partitions = ends.partitionsFor(topics.results()).stream()
                    .map(p -> new TopicPartition(topics.results(), p.partition())).toList();
            long before = sum(ends.endOffsets(partitions));
            submit(run, tasks);
            cpuBefore = cluster.brokerCpuSeconds();
            if (process == null) {
                process = cluster.start("noop-" + topics.tasks(), "worker", topics, args);
            } else {
                signal("CONT");
            }
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            while (sum(ends.endOffsets(partitions)) < before + tasks) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker did not answer run " + run + "; its log: "
                            + process.stderr());
                }
                Thread.sleep(100);
            }
            cpu = cluster.brokerCpuSeconds() - cpuBefore;
        }
        return new Throughput(rate(run, tasks), cpu);
    }

    private void submit(String run, int tasks) {
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-submit", Pipes.LOADER)) {
            Sends sends = new Sends();
            for (int seq = 0; seq < tasks; seq++) {
                producer.send(new ProducerRecord<>(topics.tasks(), run + "-" + seq, codec.encode(TaskMessage.first(
                        String.valueOf(seq), run, seq, "echo", codec.mapper().valueToTree(Pipes.PAYLOAD), 0L))),
                        sends);
            }
            producer.flush();
            sends.check("submitting tasks");
        }
    }

    /** From the first result's own finish time (the pause is not counted) to the broker time of the last. */
    private double rate(String run, int tasks) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int seen = 0;
        for (ConsumerRecord<String, byte[]> record : new TopicReader(cluster.clients())
                .readToEnd(topics.results(), Duration.ofMinutes(2))) {
            if (codec.decodeResultsTopic(record.value()) instanceof ResultMessage result && result.run().equals(run)) {
                first = Math.min(first, result.finishedAt());
                last = Math.max(last, record.timestamp());
                seen++;
            }
        }
        if (seen < tasks) {
            throw new IllegalStateException("only " + seen + " of " + tasks + " results of run " + run);
        }
        return Pipes.rate(tasks, first, last);
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            signal("CONT");
            process.close();
        }
    }
}
