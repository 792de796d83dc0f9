package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.TaskDefaults;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 7: submitting tasks, against Kafka's own {@code ProducerPerformance} writing as many records of
 * the same size with the same acks and idempotence, each a process of its own timed from start to exit.
 * taskrunner submits three ways: {@code producer --count}, {@code producer --input} (JSON Lines) and a
 * program calling {@code TaskClient.submit} in a loop. Every task record is {@value #TASK_BYTES} bytes, like
 * the yardstick's records; every run writes to topics of its own, and the harness counts what arrived.
 */
final class ProducerWrite {
    /** Encoded size of each task, the size {@code ProducerPerformance} is given. */
    static final int TASK_BYTES = 250;

    private final BenchCluster cluster;
    private final int tasks;
    private final String payload;
    private final Path input;

    ProducerWrite(BenchCluster cluster, int tasks) throws Exception {
        this.cluster = cluster;
        this.tasks = tasks;
        this.payload = payloadText();
        this.input = cluster.dir().resolve("tasks.jsonl");
        String line = "{\"type\":\"echo\",\"payload\":\"" + payload + "\"}";
        try (BufferedWriter writer = Files.newBufferedWriter(input)) {
            for (int i = 0; i < tasks; i++) {
                writer.write(line);
                writer.newLine();
            }
        }
    }

    /** The payload string that makes a mid-run task, as the producer encodes it, {@value #TASK_BYTES} bytes. */
    private static String payloadText() {
        ProtocolCodec codec = new ProtocolCodec();
        int seq = 100_000;
        TaskMessage empty = TaskDefaults.standard().forTask(0, 0)
                .firstAttempt(String.valueOf(seq), "r0-count", seq, "echo", codec.mapper().valueToTree(""),
                        System.currentTimeMillis());
        return "p".repeat(TASK_BYTES - codec.encode(empty).length);
    }

    /** {@code ProducerPerformance} writing the scenario's records to a new one-partition topic. */
    TimedProcess.Timing producerPerformance(String name, List<String> extraProps) throws Exception {
        String topic = "bench-produce-perf-" + name;
        try (Admin admin = cluster.clients().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(1, TimeUnit.MINUTES);
        }
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", String.valueOf(tasks),
                "--record-size", String.valueOf(TASK_BYTES), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + cluster.bootstrap(), "acks=all", "enable.idempotence=true"));
        args.addAll(extraProps);
        TimedProcess.Timing timing = TimedProcess.run(TimedProcess.KAFKA_TOOL_JVM,
                "org.apache.kafka.tools.ProducerPerformance", args, cluster.dir().resolve("produce-" + name + ".out"));
        requireWritten(topic);
        return timing;
    }

    /** {@code taskrunner producer --count}, started by the launcher with the JVM options it gives the producer. */
    TimedProcess.Timing producerCount(String name) throws Exception {
        return producer(name, List.of("--count", String.valueOf(tasks), "--type", "echo", "--payload",
                "\"" + payload + "\""));
    }

    /** {@code taskrunner producer --input}, reading the scenario's JSON Lines file. */
    TimedProcess.Timing producerInput(String name) throws Exception {
        return producer(name, List.of("--input", input.toString()));
    }

    /** A program submitting with {@code TaskClient.submit} in a loop ({@link ClientSubmit}). */
    TimedProcess.Timing clientSubmit(String name) throws Exception {
        Topics topics = topics(name);
        TimedProcess.Timing timing = TimedProcess.run(BenchCluster.DEFAULT_JVM, ClientSubmit.class.getName(),
                List.of(cluster.bootstrap(), prefix(name), name, String.valueOf(tasks), payload),
                cluster.dir().resolve("produce-" + name + ".out"));
        requireWritten(topics.tasks());
        return timing;
    }

    private TimedProcess.Timing producer(String name, List<String> source) throws Exception {
        Topics topics = topics(name);
        List<String> command = new ArrayList<>(TaskrunnerProcess.launcherCommand(BenchCluster.LAUNCHER));
        command.addAll(List.of("producer", "--bootstrap-servers", cluster.bootstrap(), "--tasks-topic", topics.tasks(),
                "--results-topic", topics.results(), "--dead-letter-topic", topics.deadLetters(),
                "--control-topic", topics.control(), "--run", name));
        command.addAll(source);
        TimedProcess.Timing timing = TimedProcess.time(command, cluster.dir().resolve("produce-" + name + ".out"));
        requireWritten(topics.tasks());
        return timing;
    }

    private static String prefix(String name) {
        return "bench-produce-" + name + ".";
    }

    private static Topics topics(String name) {
        return Topics.defaults().withPrefix(prefix(name));
    }

    /** Fails unless partition 0 of {@code topic} holds exactly the scenario's records. */
    private void requireWritten(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = cluster.clients().admin()) {
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(1, TimeUnit.MINUTES)
                    .get(partition).offset();
            if (end != tasks) {
                throw new IllegalStateException(topic + " holds " + end + " records, expected " + tasks);
            }
        }
    }
}
