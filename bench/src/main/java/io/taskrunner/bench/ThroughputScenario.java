package io.taskrunner.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scenario 1 (and 5) run and reported: no-op tasks through one worker process of each task source, against
 * the bare pipe and Parallel Consumer at two settings, repeated after an uncounted warm-up; tasks/s with the
 * broker's CPU per task beside each figure, and a chart.
 */
final class ThroughputScenario {
    /**
     * Parallel Consumer's records in flight when set for throughput, as its users raise maxConcurrency (default
     * 16) far past the core count. On 100,000 records here: 11,400-22,400/s against ~5,000/s at 8.
     */
    private static final int PC_WIDE_CONCURRENCY = 1000;

    private ThroughputScenario() {
    }

    /** Runs scenario 1 with {@code tasks} tasks a repetition on {@code concurrency} slots; the chart goes to {@code docs}. */
    static void run(BenchCluster cluster, int reps, int tasks, int concurrency, Path docs, Consumer<String> line)
            throws Exception {
        try (NoOpThroughput scenario = new NoOpThroughput(cluster, tasks, concurrency)) {
            Map<String, NoOpThroughput.Pipeline> pipelines = new LinkedHashMap<>();
            pipelines.put("bare Kafka pipe (poll, produce, flush, commit)", scenario::barePipe);
            pipelines.put("Parallel Consumer 0.5.3.3, UNORDERED, maxConcurrency " + concurrency
                    + " (as many as the slots)", name -> scenario.parallelConsumer(name, concurrency));
            pipelines.put("Parallel Consumer 0.5.3.3, UNORDERED, maxConcurrency " + PC_WIDE_CONCURRENCY,
                    name -> scenario.parallelConsumer(name, PC_WIDE_CONCURRENCY));
            pipelines.put("taskrunner, share source (defaults)", name -> scenario.taskrunner(name, "share"));
            pipelines.put("taskrunner, consumer source", name -> scenario.taskrunner(name, "consumer"));
            Map<String, Sample> rates = new LinkedHashMap<>();
            Map<String, Sample> brokerCpu = new LinkedHashMap<>();
            for (int rep = 0; rep <= reps; rep++) {
                int index = 0;
                for (Map.Entry<String, NoOpThroughput.Pipeline> pipeline : pipelines.entrySet()) {
                    Throughput run = pipeline.getValue().run("r" + rep + "-" + index++);
                    Benchmarks.progress("scenario 1", rep, pipeline.getKey(), String.format(Locale.ROOT,
                            "%.0f tasks/s, broker %.2f s CPU", run.perSecond(), run.brokerCpuSeconds()));
                    if (rep > 0) {
                        rates.computeIfAbsent(pipeline.getKey(), k -> new Sample()).add(run.perSecond());
                        brokerCpu.computeIfAbsent(pipeline.getKey(), k -> new Sample()).add(run.brokerMicrosPer(tasks));
                    }
                }
            }
            report(rates, brokerCpu, tasks, concurrency, docs, line);
        }
    }

    private static void report(Map<String, Sample> rates, Map<String, Sample> brokerCpu, int tasks, int concurrency,
            Path docs, Consumer<String> line) throws Exception {
        List<String> names = new ArrayList<>(rates.keySet());
        double pipe = rates.get(names.get(0)).median();
        // "Faster than Parallel Consumer" is against its best setting of the two.
        double pc = Math.max(rates.get(names.get(1)).median(), rates.get(names.get(2)).median());
        line.accept("## Scenario 1 (and 5): no-op tasks, 200-byte payloads, one worker process");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%d `echo` tasks a repetition, all submitted before the pipeline starts; "
                + "%d slots. Rate from the broker timestamps of the first and last output record, so start-up is not "
                + "counted. The bare pipe runs warm in the harness's JVM; each taskrunner worker is one process kept "
                + "across the repetitions, frozen (`SIGSTOP`) while a repetition's tasks are written and let go "
                + "(`SIGCONT`) on the whole backlog; the first repetition warms each up and is not counted. Parallel "
                + "Consumer runs in a process of its own per repetition, on the kafka-clients version it is built for "
                + "(3.9.1), with %d records in flight (as many as the slots) and with %d, as its users set it for "
                + "throughput; the ratio to Parallel Consumer is to the faster of the two. Broker CPU is the broker "
                + "process's user + system time per task while the pipeline ran (its input already written).", tasks,
                concurrency, concurrency, PC_WIDE_CONCURRENCY));
        line.accept("");
        line.accept("| pipeline | tasks/s | broker CPU µs/task | ratio to bare pipe | ratio to Parallel Consumer |");
        line.accept("|---|---|---|---|---|");
        BarChart chart = BarChart.of("Scenario 1: no-op tasks through one worker process (median, min–max)", "tasks/s")
                .logScale();
        for (String name : names) {
            Sample sample = rates.get(name);
            line.accept(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f |", name, sample.describe("%.0f"),
                    brokerCpu.get(name).describe("%.1f"), sample.median() / pipe, sample.median() / pc));
            chart.bar(shortName(name), "tasks/s", sample.median(), sample.min(), sample.max());
        }
        chart.write(docs.resolve("bench-throughput.png"));
        line.accept("");
        line.accept("Targets: taskrunner ≥ 0.5× the bare pipe (aim 0.8×) and ≥ 1.5× Parallel Consumer.");
        line.accept("");
        line.accept("![Scenario 1](bench-throughput.png)");
        line.accept("");
    }

    private static String shortName(String name) {
        return name.replace("taskrunner, ", "").replace(" (default)", "").replace(" (poll, produce, flush, commit)", "")
                .replace(", UNORDERED, maxConcurrency", " x").replace(" (as many as the slots)", "");
    }
}
