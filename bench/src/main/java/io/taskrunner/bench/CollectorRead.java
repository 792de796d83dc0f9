package io.taskrunner.bench;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.TaskrunnerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 6: the collector alone, reading a run that is already complete, against Kafka's own
 * {@code ConsumerPerformance} reading the same records, both timed as whole processes (JVM start, group
 * join and all). The run's results are ~250 bytes each and arrive slightly out of submission order (pairs
 * swapped, as two slots finishing together would publish them), so submission order has reordering to do.
 */
final class CollectorRead {
    /** Encoded size of each result, like the yardstick records. */
    static final int RESULT_BYTES = 250;
    private final BenchCluster cluster;
    private final int results;
    private final ProtocolCodec codec = new ProtocolCodec();

    /** A complete run on its own topics. */
    record Loaded(Topics topics, String run) {
    }

    CollectorRead(BenchCluster cluster, int results) {
        this.cluster = cluster;
        this.results = results;
    }

    /** Writes a sealed run of {@code results} results to fresh topics named after {@code name}. */
    Loaded load(String name) {
        Topics topics = Topics.defaults().withPrefix("bench-collect-" + name + ".");
        cluster.clients().ensureTopics(topics);
        String run = "collect-" + name;
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-collect-load", Pipes.LOADER)) {
            int partition = RunPartitioner.partition(run, producer.partitionsFor(topics.results()).size());
            Sends sends = new Sends();
            producer.send(new ProducerRecord<>(topics.results(), partition, run, codec.encode(RunSealed.of(run, results))),
                    sends);
            String value = "v".repeat(Math.max(1, RESULT_BYTES - result(run, 0, "").length));
            for (int i = 0; i < results; i++) {
                int seq = i ^ 1; // pairs swapped
                if (seq >= results) {
                    seq = i;
                }
                producer.send(new ProducerRecord<>(topics.results(), partition, run, result(run, seq, value)), sends);
            }
            producer.flush();
            sends.check("loading results");
        }
        return new Loaded(topics, run);
    }

    private byte[] result(String run, int seq, String value) {
        long now = System.currentTimeMillis();
        TaskMessage task = TaskMessage.first(String.valueOf(seq), run, seq, "echo", codec.mapper().createObjectNode(), now);
        return codec.encode(ResultMessage.of(task, TaskStatus.SUCCEEDED, codec.mapper().valueToTree(value), null,
                "bench-host:1", now, now));
    }

    /** Seconds {@code ConsumerPerformance} takes, as a process, to read every record of the run's results topic. */
    double consumerPerformance(Loaded loaded, String name) throws Exception {
        return TimedProcess.run(TimedProcess.KAFKA_TOOL_JVM, "org.apache.kafka.tools.ConsumerPerformance",
                List.of("--bootstrap-server", cluster.bootstrap(), "--topic", loaded.topics().results(),
                        "--messages", String.valueOf(results + 1), "--group", "bench-perf-" + name),
                cluster.dir().resolve("perf-" + name + ".out")).seconds();
    }

    /** Seconds a {@code taskrunner collector} process takes to collect the whole run, with {@code args} added. */
    double collector(Loaded loaded, String name, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--run", loaded.run()));
        all.addAll(args);
        long start = System.nanoTime();
        try (TaskrunnerProcess collector = cluster.start("collect-" + name, "collector", loaded.topics(), all)) {
            int exit = collector.awaitExit(Duration.ofMinutes(10));
            if (exit != 0) {
                throw new IllegalStateException("collector exited with " + exit + "; see " + cluster.dir());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
