package io.taskrunner.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scenario 3 (and 5) run and reported: 1,000 seeded sleep tasks on 1, 2 and 4 worker processes of each task
 * source, makespan against the ideal, repeated after an uncounted warm-up (which runs the one-worker setups
 * only), with a chart.
 */
final class ScaleOutScenario {
    private ScaleOutScenario() {
    }

    /** Runs scenario 3 on workers of {@code concurrency} slots; the chart goes to {@code docs}. */
    static void run(BenchCluster cluster, int reps, int concurrency, Path docs, Consumer<String> line)
            throws Exception {
        int tasks = 1_000;
        try (ScaleOut scenario = new ScaleOut(cluster, tasks, concurrency, 42)) {
            run(scenario, tasks, reps, concurrency, docs, line);
        }
    }

    private static void run(ScaleOut scenario, int tasks, int reps, int concurrency, Path docs, Consumer<String> line)
            throws Exception {
        Map<String, Sample> results = new LinkedHashMap<>();
        Map<String, Sample> makespans = new LinkedHashMap<>();
        Map<String, Double> ideals = new LinkedHashMap<>();
        BarChart chart = BarChart.of("Scenario 3: makespan ÷ ideal, sleep tasks (median, min–max)", "makespan ÷ ideal");
        record Setup(String source, int workers, int partitions, boolean warm) {
            String series() {
                return source + " source" + (source.equals("share") && partitions > 1 ? " (" + partitions + " partitions)" : "")
                        + (warm ? ", warm workers" : "");
            }

            String group() {
                return workers + " worker" + (workers > 1 ? "s" : "");
            }
        }
        int wide = ScaleOut.CONSUMER_PARTITIONS;
        List<Setup> setups = List.of(new Setup("share", 1, 1, false), new Setup("share", 2, 1, false),
                new Setup("share", 4, 1, false), new Setup("share", 4, wide, false), new Setup("consumer", 1, wide, false),
                new Setup("consumer", 2, wide, false), new Setup("consumer", 4, wide, false),
                new Setup("share", 1, 1, true), new Setup("share", 2, 1, true), new Setup("share", 4, 1, true),
                new Setup("consumer", 4, wide, true));
        Map<String, Setup> setupOf = new LinkedHashMap<>();
        interface Measure {
            void run(int rep, int index, Setup setup) throws Exception;
        }
        Measure measure = (rep, index, setup) -> {
            ScaleOut.Makespan makespan = scenario.run("r" + rep + "-" + index, setup.source(), setup.workers(),
                    setup.partitions(), setup.warm());
            String key = setup.series() + ", " + setup.group();
            setupOf.put(key, setup);
            Benchmarks.progress("scenario 3", rep, key, String.format(Locale.ROOT, "makespan %.0f ms, ideal %.0f ms, "
                    + "ratio %.3f; %s", makespan.makespanMs(), makespan.idealMs(), makespan.ratio(), makespan.breakdown()));
            if (rep > 0) {
                results.computeIfAbsent(key, k -> new Sample()).add(makespan.ratio());
                makespans.computeIfAbsent(key, k -> new Sample()).add(makespan.makespanMs() / 1000);
                ideals.put(key, makespan.idealMs() / 1000);
            }
        };
        // Cold setups alternate within each repetition; the warm-up repetition runs the one-worker ones only.
        for (int rep = 0; rep <= reps; rep++) {
            for (int index = 0; index < setups.size(); index++) {
                Setup setup = setups.get(index);
                if (!setup.warm() && (rep > 0 || setup.workers() == 1)) {
                    measure.run(rep, index, setup);
                }
            }
        }
        // Each warm setup runs all its repetitions on its own workers, the first warming them up, then stops them.
        for (int index = 0; index < setups.size(); index++) {
            Setup setup = setups.get(index);
            if (setup.warm()) {
                for (int rep = 0; rep <= reps; rep++) {
                    measure.run(rep, index, setup);
                }
                scenario.release(setup.source(), setup.workers(), setup.partitions());
            }
        }
        line.accept("## Scenario 3 (and 5): scale-out, sleep tasks on 1, 2 and 4 worker processes");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%d `sleep` tasks of 50–250 ms (seeded, the same every run) on W worker "
                + "processes × %d slots, workers joined before submission. Ideal = Σ durations ÷ (W·%d); makespan from "
                + "the first task's start to the last task's end. Share source: one tasks partition (its default), so "
                + "up to 32 slots on 1 partition, and once on %4$d; consumer source: %4$d partitions. Workers are cold "
                + "(started for each run: their JVMs compile the task path while they run it, %2$d·W slots' work and W "
                + "compilers on this machine's cores), or warm (the same workers for every repetition of a setup, the "
                + "first of them not counted, as a long-running deployment runs).", tasks, concurrency, concurrency,
                ScaleOut.CONSUMER_PARTITIONS));
        line.accept("");
        line.accept("| source, workers | makespan s | ideal s | makespan ÷ ideal |");
        line.accept("|---|---|---|---|");
        for (Map.Entry<String, Sample> entry : results.entrySet()) {
            line.accept(String.format(Locale.ROOT, "| %s | %s | %.2f | %s |", entry.getKey(),
                    makespans.get(entry.getKey()).describe("%.2f"), ideals.get(entry.getKey()),
                    entry.getValue().describe("%.3f")));
            Setup setup = setupOf.get(entry.getKey());
            chart.bar(setup.group(), setup.series(), entry.getValue().median(), entry.getValue().min(),
                    entry.getValue().max());
        }
        chart.write(docs.resolve("bench-scaleout.png"));
        line.accept("");
        line.accept("Target: makespan ≤ 1.05× ideal.");
        line.accept("");
        line.accept("![Scenario 3](bench-scaleout.png)");
        line.accept("");
    }
}
