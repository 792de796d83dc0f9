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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Scenario 8: the whole pipeline through the real CLI processes, {@code producer --count} into one worker
 * with the defaults into {@code collector --order submission --output}, against the bare pipe on the same
 * number of records in the same run. The worker and the collector are started (cold) and waiting before the
 * producer starts; the pipeline's wall rate runs from the producer's start to the collector's exit, its
 * broker rate from the first task's timestamp to the last result's, as the bare pipe's is taken.
 */
final class PipelineScenario {
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final String PIPE = "bare Kafka pipe (poll, produce, flush, commit), broker timestamps";
    private static final String WALL = "taskrunner producer → worker → collector --output, producer start to collector exit";
    private static final String BROKER = "the same runs, first task to last result by broker timestamps";

    private PipelineScenario() {
    }

    static void run(BenchCluster cluster, int reps, int tasks, Consumer<String> line) throws Exception {
        Map<String, Sample> rates = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            Map<String, Double> run = new LinkedHashMap<>();
            run.put(PIPE, Pipes.barePipeRate(cluster.clients(), "pipeline-r" + rep, tasks));
            double[] taskrunner = taskrunner(cluster, "r" + rep, tasks);
            run.put(WALL, taskrunner[0]);
            run.put(BROKER, taskrunner[1]);
            for (Map.Entry<String, Double> entry : run.entrySet()) {
                Benchmarks.progress("scenario 8", rep, entry.getKey(),
                        String.format(Locale.ROOT, "%.0f tasks/s", entry.getValue()));
                if (rep > 0) {
                    rates.computeIfAbsent(entry.getKey(), k -> new Sample()).add(entry.getValue());
                }
            }
        }
        double pipeRate = rates.get(PIPE).median();
        line.accept("## Scenario 8: the whole pipeline, through the CLI processes");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%,d `echo` tasks with 200-byte payloads: `taskrunner producer --count` "
                + "into one `taskrunner worker` with its defaults into `taskrunner collector --order submission --output`, "
                + "each a process of its own; the worker and the collector start (cold) and wait before the producer "
                + "starts. The bare pipe copies as many records, preloaded, in the harness's JVM (scenario 1's).", tasks));
        line.accept("");
        line.accept("| pipeline | tasks/s | ratio to bare pipe |");
        line.accept("|---|---|---|");
        for (Map.Entry<String, Sample> entry : rates.entrySet()) {
            line.accept(String.format(Locale.ROOT, "| %s | %s | %.2f |", entry.getKey(), entry.getValue().describe("%.0f"),
                    entry.getValue().median() / pipeRate));
        }
        line.accept("");
        line.accept("Target: end to end ≥ 0.4× the bare pipe (aim 0.8×).");
        line.accept("");
    }

    /** Wall and broker-timestamp rates of one run of the whole pipeline. */
    private static double[] taskrunner(BenchCluster cluster, String name, int tasks) throws Exception {
        Topics topics = Topics.defaults().withPrefix("bench-pipeline-" + name + ".");
        String run = "pipeline-" + name;
        Path output = cluster.dir().resolve("pipeline-" + name + ".txt");
        try (TaskrunnerProcess worker = cluster.startWorker("pipeline-worker-" + name, topics,
                "bench-pipeline-" + name, List.of());
             TaskrunnerProcess collector = cluster.start("pipeline-collector-" + name, "collector", topics,
                     List.of("--run", run, "--order", "submission", "--output", output.toString(), "--timeout", "10m"))) {
            long start = System.nanoTime();
            try (TaskrunnerProcess producer = cluster.start("pipeline-producer-" + name, "producer", topics,
                    List.of("--run", run, "--count", String.valueOf(tasks), "--type", "echo",
                            "--payload", "\"" + Pipes.PAYLOAD + "\""))) {
                require(producer.awaitExit(LIMIT) == 0, "producer", cluster);
            }
            require(collector.awaitExit(LIMIT) == 0, "collector", cluster);
            double wall = tasks / ((System.nanoTime() - start) / 1e9);
            try (Stream<String> lines = Files.lines(output)) {
                require(lines.count() == tasks, "collector output of " + tasks + " lines", cluster);
            }
            TopicReader reader = new TopicReader(cluster.clients());
            long firstTask = reader.readAtLeast(topics.tasks(), tasks, LIMIT).stream()
                    .mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
            long lastResult = reader.readAtLeast(topics.results(), tasks + 1, LIMIT).stream()
                    .mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
            return new double[] {wall, Pipes.rate(tasks, firstTask, lastResult)};
        }
    }

    private static void require(boolean ok, String what, BenchCluster cluster) {
        if (!ok) {
            throw new IllegalStateException(what + " failed; see " + cluster.dir());
        }
    }
}
