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
        ScaleOut scenario = new ScaleOut(cluster, tasks, concurrency, 42);
        Map<String, Sample> results = new LinkedHashMap<>();
        Map<String, Sample> makespans = new LinkedHashMap<>();
        Map<String, Double> ideals = new LinkedHashMap<>();
        BarChart chart = BarChart.of("Scenario 3: makespan ÷ ideal, sleep tasks (median, min–max)", "makespan ÷ ideal");
        record Setup(String source, int workers, int partitions) {
            String series() {
                return source + " source" + (source.equals("share") && partitions > 1 ? " (" + partitions + " partitions)" : "");
            }

            String group() {
                return workers + " worker" + (workers > 1 ? "s" : "");
            }
        }
        int wide = ScaleOut.CONSUMER_PARTITIONS;
        List<Setup> setups = List.of(new Setup("share", 1, 1), new Setup("share", 2, 1), new Setup("share", 4, 1),
                new Setup("share", 4, wide), new Setup("consumer", 1, wide), new Setup("consumer", 2, wide),
                new Setup("consumer", 4, wide));
        Map<String, Setup> setupOf = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            int index = 0;
            for (Setup setup : setups) {
                index++;
                if (rep == 0 && setup.workers() > 1) {
                    continue;
                }
                ScaleOut.Makespan makespan = scenario.run("r" + rep + "-" + index, setup.source(), setup.workers(),
                        setup.partitions());
                String key = setup.series() + ", " + setup.group();
                setupOf.put(key, setup);
                Benchmarks.progress("scenario 3", rep, key, String.format(Locale.ROOT, "makespan %.0f ms, ideal %.0f ms, ratio %.3f",
                        makespan.makespanMs(), makespan.idealMs(), makespan.ratio()));
                if (rep > 0) {
                    results.computeIfAbsent(key, k -> new Sample()).add(makespan.ratio());
                    makespans.computeIfAbsent(key, k -> new Sample()).add(makespan.makespanMs() / 1000);
                    ideals.put(key, makespan.idealMs() / 1000);
                }
            }
        }
        line.accept("## Scenario 3 (and 5): scale-out, sleep tasks on 1, 2 and 4 worker processes");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%d `sleep` tasks of 50–250 ms (seeded, the same every run) on W worker "
                + "processes × %d slots, workers joined before submission. Ideal = Σ durations ÷ (W·%d); makespan from "
                + "the first task's start to the last task's end. Share source: one tasks partition (its default), so "
                + "up to 32 slots on 1 partition, and once on %4$d; consumer source: %4$d partitions.", tasks, concurrency, concurrency,
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
