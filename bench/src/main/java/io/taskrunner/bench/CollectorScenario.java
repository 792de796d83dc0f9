package io.taskrunner.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scenario 6 run and reported: the collector process reading a complete run in both orders against Kafka's
 * {@code ConsumerPerformance} reading the same records, repeated after an uncounted warm-up; seconds, results/s
 * and the broker's CPU per result beside each figure.
 */
final class CollectorScenario {
    private static final String PERF = "Kafka ConsumerPerformance";

    /** One reader of a loaded run, timed as a process: its seconds from start to exit. */
    private interface Reader {
        double read(CollectorRead.Loaded loaded, String name) throws Exception;
    }

    private CollectorScenario() {
    }

    /** Runs scenario 6 on a run of {@code results} results, loaded afresh for every repetition. */
    static void run(BenchCluster cluster, int reps, int results, Consumer<String> line) throws Exception {
        CollectorRead scenario = new CollectorRead(cluster, results);
        Map<String, Reader> readers = new LinkedHashMap<>();
        readers.put(PERF, scenario::consumerPerformance);
        readers.put("taskrunner collector, completion order, stdout to a file",
                (loaded, name) -> scenario.collector(loaded, "completion-" + name, List.of()));
        readers.put("taskrunner collector, submission order, --output",
                (loaded, name) -> scenario.collector(loaded, "submission-" + name, List.of("--order", "submission",
                        "--output", cluster.dir().resolve("collected-" + name + ".txt").toString())));
        Map<String, Sample> seconds = new LinkedHashMap<>();
        Map<String, Sample> brokerCpu = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            CollectorRead.Loaded loaded = scenario.load("r" + rep);
            for (Map.Entry<String, Reader> reader : readers.entrySet()) {
                double cpuBefore = cluster.brokerCpuSeconds();
                double time = reader.getValue().read(loaded, "r" + rep);
                double cpu = cluster.brokerCpuSeconds() - cpuBefore;
                Benchmarks.progress("scenario 6", rep, reader.getKey(), String.format(Locale.ROOT,
                        "%.2f s, broker %.2f s CPU", time, cpu));
                if (rep > 0) {
                    seconds.computeIfAbsent(reader.getKey(), k -> new Sample()).add(time);
                    brokerCpu.computeIfAbsent(reader.getKey(), k -> new Sample()).add(cpu * 1e6 / results);
                }
            }
        }
        double perf = seconds.get(PERF).median();
        line.accept("## Scenario 6: the collector alone, reading a complete run");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "A sealed run of %,d results of %d bytes, already on the results topic "
                + "(pairs out of submission order). Each reader is a process of its own, timed from start to exit (JVM "
                + "start, group join and all): Kafka's `ConsumerPerformance` (with the JVM options of "
                + "`kafka-consumer-perf-test.sh`) reading the same records, and `taskrunner collector --run`. Broker CPU "
                + "is the broker process's user + system time per result while the reader ran.",
                results, CollectorRead.RESULT_BYTES));
        line.accept("");
        line.accept("| reader | seconds | results/s | broker CPU µs/result | ratio to ConsumerPerformance (its time ÷ this time) |");
        line.accept("|---|---|---|---|---|");
        for (Map.Entry<String, Sample> entry : seconds.entrySet()) {
            double median = entry.getValue().median();
            line.accept(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.2f |", entry.getKey(),
                    entry.getValue().describe("%.2f"), results / median, brokerCpu.get(entry.getKey()).describe("%.2f"),
                    perf / median));
        }
        line.accept("");
        line.accept("Targets: completion order ≥ 0.7× ConsumerPerformance; submission order with `--output` ≥ 0.5×.");
        line.accept("");
    }
}
