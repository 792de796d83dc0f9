package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Scenario 8: the whole pipeline through the real CLI processes, {@code producer --count} into one worker
 * with the defaults into {@code collector --order submission --output}, against two baselines on the same
 * number of records in the same run: the bare pipe (scenario 1's consume-produce loop on preloaded input, in
 * the harness's warm JVM) and the bare Kafka pipeline, its counterpart in processes ({@code ProducerPerformance}
 * into the bare pipe as a process into {@code ConsumerPerformance}). In both pipelines the middle and last
 * processes are started (cold) and waiting before the first one starts; a pipeline's wall rate runs from the
 * first process's start to the last one's exit, its broker rate from the first input record's timestamp to
 * the last output record's, as the bare pipe's is taken. Broker CPU per task is read from {@code /proc}.
 */
final class PipelineScenario {
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final String PIPE = "bare pipe (poll, produce, flush, commit; preloaded, warm JVM), broker timestamps";
    private static final String KAFKA_WALL = "bare Kafka pipeline: ProducerPerformance → bare pipe process → "
            + "ConsumerPerformance, first start to last exit";
    private static final String KAFKA_BROKER = "the same runs, first input to last output by broker timestamps";
    private static final String WALL = "taskrunner producer → worker → collector --output, producer start to collector exit";
    private static final String BROKER = "the same runs, first task to last result by broker timestamps";

    /** A pipeline's wall and broker-timestamp rates, and the broker's CPU seconds over the run. */
    private record Rates(double wall, double brokerTimestamps, double brokerCpuSeconds) {
    }

    private PipelineScenario() {
    }

    static void run(BenchCluster cluster, int reps, int tasks, Consumer<String> line) throws Exception {
        Map<String, Sample> rates = new LinkedHashMap<>();
        Map<String, Sample> cpu = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            Map<String, Double> run = new LinkedHashMap<>();
            Throughput pipe = Pipes.barePipe(cluster, "pipeline-r" + rep, tasks);
            run.put(PIPE, pipe.perSecond());
            Rates kafka = bareKafkaPipeline(cluster, "r" + rep, tasks);
            run.put(KAFKA_WALL, kafka.wall());
            run.put(KAFKA_BROKER, kafka.brokerTimestamps());
            Rates taskrunner = taskrunner(cluster, "r" + rep, tasks);
            run.put(WALL, taskrunner.wall());
            run.put(BROKER, taskrunner.brokerTimestamps());
            for (Map.Entry<String, Double> entry : run.entrySet()) {
                Benchmarks.progress("scenario 8", rep, entry.getKey(),
                        String.format(Locale.ROOT, "%.0f tasks/s", entry.getValue()));
                if (rep > 0) {
                    rates.computeIfAbsent(entry.getKey(), k -> new Sample()).add(entry.getValue());
                }
            }
            if (rep > 0) {
                cpu.computeIfAbsent(PIPE, k -> new Sample()).add(pipe.brokerMicrosPer(tasks));
                cpu.computeIfAbsent(KAFKA_WALL, k -> new Sample()).add(kafka.brokerCpuSeconds() * 1e6 / tasks);
                cpu.computeIfAbsent(WALL, k -> new Sample()).add(taskrunner.brokerCpuSeconds() * 1e6 / tasks);
            }
        }
        report(rates, cpu, tasks, line);
    }

    private static void report(Map<String, Sample> rates, Map<String, Sample> cpu, int tasks, Consumer<String> line) {
        double pipeRate = rates.get(PIPE).median();
        double kafkaRate = rates.get(KAFKA_WALL).median();
        double kafkaBrokerRate = rates.get(KAFKA_BROKER).median();
        line.accept("## Scenario 8: the whole pipeline, through the CLI processes");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%,d `echo` tasks with 200-byte payloads: `taskrunner producer --count` "
                + "into one `taskrunner worker` with its defaults into `taskrunner collector --order submission --output`, "
                + "each a process of its own; the worker and the collector start (cold) and wait before the producer "
                + "starts. Baselines: the bare pipe, copying as many records preloaded in the harness's warm JVM "
                + "(scenario 1's), and the bare Kafka pipeline, the same three stages made of Kafka's own tools and "
                + "the bare pipe, each a process started the same way (`ProducerPerformance` with `acks=all`, "
                + "idempotence and taskrunner's 64 KB batches; `ConsumerPerformance` at its defaults).", tasks));
        line.accept("");
        line.accept("| pipeline | tasks/s | ratio to bare pipe | ratio to bare Kafka pipeline | broker CPU µs/task |");
        line.accept("|---|---|---|---|---|");
        for (Map.Entry<String, Sample> entry : rates.entrySet()) {
            String key = entry.getKey();
            double kafka = key.equals(BROKER) || key.equals(KAFKA_BROKER) ? kafkaBrokerRate : kafkaRate;
            line.accept(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s |", key, entry.getValue().describe("%.0f"),
                    entry.getValue().median() / pipeRate,
                    key.equals(PIPE) ? "" : String.format(Locale.ROOT, "%.2f", entry.getValue().median() / kafka),
                    cpu.containsKey(key) ? cpu.get(key).describe("%.1f") : ""));
        }
        line.accept("");
        line.accept("Target: end to end ≥ 0.4× the bare pipe (aim 0.8×). The bare Kafka pipeline is the same target's "
                + "ceiling on this machine: three processes and the broker share its cores.");
        line.accept("");
    }

    /** Rates of one run of the bare Kafka pipeline: ProducerPerformance into the bare pipe into ConsumerPerformance. */
    private static Rates bareKafkaPipeline(BenchCluster cluster, String name, int tasks) throws Exception {
        String in = "bench-kafka-pipeline-" + name + ".in";
        String out = "bench-kafka-pipeline-" + name + ".out";
        String pipeGroup = "bench-kafka-pipeline-pipe-" + name;
        String consumerGroup = "bench-kafka-pipeline-perf-" + name;
        Pipes.createTopics(cluster.clients(), in, out);
        Process pipe = TimedProcess.start(BenchCluster.DEFAULT_JVM, PipeProcess.class.getName(),
                List.of(cluster.bootstrap(), in, out, String.valueOf(tasks), pipeGroup),
                cluster.dir().resolve("kafka-pipeline-pipe-" + name + ".out"));
        Process consumer = TimedProcess.start(TimedProcess.KAFKA_TOOL_JVM, "org.apache.kafka.tools.ConsumerPerformance",
                List.of("--bootstrap-server", cluster.bootstrap(), "--topic", out, "--messages", String.valueOf(tasks),
                        "--group", consumerGroup, "--timeout", String.valueOf(LIMIT.toMillis())),
                cluster.dir().resolve("kafka-pipeline-perf-" + name + ".out"));
        try {
            cluster.awaitStableConsumerGroup(pipeGroup, 1);
            cluster.awaitStableConsumerGroup(consumerGroup, 1);
            double cpuBefore = cluster.brokerCpuSeconds();
            long start = System.nanoTime();
            TimedProcess.run(TimedProcess.KAFKA_TOOL_JVM, "org.apache.kafka.tools.ProducerPerformance",
                    List.of("--topic", in, "--num-records", String.valueOf(tasks), "--record-size",
                            String.valueOf(ProducerWrite.TASK_BYTES), "--throughput", "-1", "--producer-props",
                            "bootstrap.servers=" + cluster.bootstrap(), "acks=all", "enable.idempotence=true",
                            "batch.size=65536"),
                    cluster.dir().resolve("kafka-pipeline-produce-" + name + ".out"));
            require(consumer.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES) && consumer.exitValue() == 0,
                    "ConsumerPerformance of the bare Kafka pipeline", cluster);
            double wall = tasks / ((System.nanoTime() - start) / 1e9);
            double cpu = cluster.brokerCpuSeconds() - cpuBefore;
            require(pipe.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES) && pipe.exitValue() == 0,
                    "the bare pipe process", cluster);
            TopicReader reader = new TopicReader(cluster.clients());
            return new Rates(wall, Pipes.rate(tasks, firstTimestamp(reader, in, tasks), lastTimestamp(reader, out, tasks)),
                    cpu);
        } finally {
            pipe.destroyForcibly();
            consumer.destroyForcibly();
        }
    }

    /** Rates of one run of the taskrunner pipeline. */
    private static Rates taskrunner(BenchCluster cluster, String name, int tasks) throws Exception {
        Topics topics = Topics.defaults().withPrefix("bench-pipeline-" + name + ".");
        String run = "pipeline-" + name;
        Path output = cluster.dir().resolve("pipeline-" + name + ".txt");
        try (TaskrunnerProcess worker = cluster.startWorker("pipeline-worker-" + name, topics,
                "bench-pipeline-" + name, List.of());
             TaskrunnerProcess collector = cluster.start("pipeline-collector-" + name, "collector", topics,
                     List.of("--run", run, "--order", "submission", "--output", output.toString(), "--timeout", "10m"))) {
            double cpuBefore = cluster.brokerCpuSeconds();
            long start = System.nanoTime();
            try (TaskrunnerProcess producer = cluster.start("pipeline-producer-" + name, "producer", topics,
                    List.of("--run", run, "--count", String.valueOf(tasks), "--type", "echo",
                            "--payload", "\"" + Pipes.PAYLOAD + "\""))) {
                require(producer.awaitExit(LIMIT) == 0, "producer", cluster);
            }
            require(collector.awaitExit(LIMIT) == 0, "collector", cluster);
            double wall = tasks / ((System.nanoTime() - start) / 1e9);
            double cpu = cluster.brokerCpuSeconds() - cpuBefore;
            try (Stream<String> lines = Files.lines(output)) {
                require(lines.count() == tasks, "collector output of " + tasks + " lines", cluster);
            }
            TopicReader reader = new TopicReader(cluster.clients());
            return new Rates(wall, Pipes.rate(tasks, firstTimestamp(reader, topics.tasks(), tasks),
                    lastTimestamp(reader, topics.results(), tasks + 1)), cpu);
        }
    }

    /** The oldest broker timestamp among the first {@code count} records of {@code topic}. */
    private static long firstTimestamp(TopicReader reader, String topic, int count) {
        return reader.readAtLeast(topic, count, LIMIT).stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
    }

    /** The newest broker timestamp among the first {@code count} records of {@code topic}. */
    private static long lastTimestamp(TopicReader reader, String topic, int count) {
        return reader.readAtLeast(topic, count, LIMIT).stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
    }

    private static void require(boolean ok, String what, BenchCluster cluster) {
        if (!ok) {
            throw new IllegalStateException(what + " failed; see " + cluster.dir());
        }
    }
}
