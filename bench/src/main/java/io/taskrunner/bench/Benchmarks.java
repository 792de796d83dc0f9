package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The benchmark harness: runs each scenario of the benchmark issue against its baselines on one broker in
 * one run, repeats each measurement after a warm-up that is not counted, and writes medians, spreads and
 * ratios to {@code docs/BENCHMARKS.md} with charts beside it. Run with {@code bench/run}; arguments:
 * {@code --reps N} (default 3), {@code --tasks N} no-op tasks a repetition in scenarios 1 and 8 (default 300000,
 * seconds of work for a warm worker), {@code --results N} results of the run scenario 6 collects (default
 * 1000000; also the tasks scenario 7 submits), {@code --scenarios 1,2,3,4,6,7,8} (default all; scenario 5,
 * both task sources, runs within 1 and 3).
 */
public final class Benchmarks {
    private static final int CONCURRENCY = 8;
    /**
     * Seconds of tasks measured per latency run: long enough to hold several of the broker's young
     * collections, so that a p99 reflects how often they pause a pipeline rather than where one happened to fall.
     */
    private static final int LATENCY_SECONDS = 30;

    private final BenchCluster cluster;
    private final int reps;
    private final int tasks;
    private final int results;
    private final StringBuilder report = new StringBuilder();
    private final Path docs = Path.of("docs");

    private Benchmarks(BenchCluster cluster, int reps, int tasks, int results) {
        this.results = results;
        this.cluster = cluster;
        this.reps = reps;
        this.tasks = tasks;
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // Exit even when a failed scenario left client threads behind.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int reps = Integer.parseInt(options.getOrDefault("--reps", "3"));
        int tasks = Integer.parseInt(options.getOrDefault("--tasks", "300000"));
        int results = Integer.parseInt(options.getOrDefault("--results", "1000000"));
        Set<String> scenarios = new TreeSet<>(List.of(options.getOrDefault("--scenarios", "1,2,3,4,6,7,8").split(",")));
        Path dir = Files.createTempDirectory("taskrunner-bench");
        int port = BenchCluster.freePort();
        String bootstrap = "127.0.0.1:" + port;
        try (TaskrunnerProcess broker = TaskrunnerProcess.startWithJvm(dir, "broker", BenchCluster.BROKER_JVM, "broker",
                "--port", "" + port,
                "--controller-port", "" + BenchCluster.freePort(), "--data-dir", dir.resolve("kafka").toString())) {
            broker.awaitOutput("Kafka broker ready", BenchCluster.START);
            BenchCluster cluster = new BenchCluster(bootstrap, dir, new KafkaClients(KafkaSettings.of(bootstrap)),
                    broker.pid());
            Benchmarks benchmarks = new Benchmarks(cluster, reps, tasks, results);
            benchmarks.header(args);
            if (scenarios.contains("1")) {
                ThroughputScenario.run(cluster, reps, tasks, CONCURRENCY, benchmarks.docs, benchmarks::line);
            }
            if (scenarios.contains("2")) {
                benchmarks.latency();
            }
            if (scenarios.contains("3")) {
                ScaleOutScenario.run(cluster, reps, CONCURRENCY, benchmarks.docs, benchmarks::line);
            }
            if (scenarios.contains("4")) {
                benchmarks.heldBack();
            }
            if (scenarios.contains("6")) {
                CollectorScenario.run(cluster, reps, results, benchmarks::line);
            }
            if (scenarios.contains("7")) {
                ProducerScenario.run(cluster, reps, results, benchmarks::line);
            }
            if (scenarios.contains("8")) {
                PipelineScenario.run(cluster, reps, tasks, benchmarks::line);
            }
            Files.writeString(benchmarks.docs.resolve("BENCHMARKS.md"), benchmarks.report);
            System.out.println(benchmarks.report);
        }
        deleteTree(dir); // gigabytes of broker data; kept (and named in the error) only when a run fails
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void header(String[] args) {
        long ramMib = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        line("# Benchmarks");
        line("");
        line("Written by the harness in `bench/` (do not edit by hand; the analysis is in [PERFORMANCE.md](PERFORMANCE.md)).");
        line("Every figure is measured against its baselines in the same run, on the same single-node broker");
        line("(`taskrunner broker`, Apache Kafka 4.4, KRaft, in its own JVM), with the same client settings.");
        line("");
        line(String.format(Locale.ROOT, "- Machine: %d cores, %d MiB RAM, %s %s, Java %s (%s); %s.",
                Runtime.getRuntime().availableProcessors(), ramMib, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                LocalDate.now()));
        line("- JVMs: the broker with the settings Kafka's documentation gives for production (G1, 6 GB heap, "
                + "`MaxGCPauseMillis=20`); taskrunner's processes through `bin/taskrunner-java`, as `bin/taskrunner` and the "
                + "image start them (its class-data archive; the collector on the serial collector, the producer on the "
                + "client compiler only, the others on the "
                + "JVM's defaults); Kafka's perf tools with their scripts' settings; the baselines and the load generator "
                + "in the harness's JVM, on its defaults.");
        line("- Broker, workers, collector, baselines and load generator share those cores: figures are for comparing");
        line("  pipelines with each other, not for sizing a deployment.");
        line(String.format(Locale.ROOT, "- Repetitions: %d a figure, after one warm-up run that is not counted; "
                + "`median (min–max)`.", reps));
        line("- Reproduce: `bench/run" + (args.length == 0 ? "" : " " + String.join(" ", args)) + "`");
        line("");
    }

    private void latency() throws Exception {
        for (int perSecond : new int[] {1_000, 10_000}) {
            latency(perSecond);
        }
    }

    private void latency(int perSecond) throws Exception {
        try (Latency scenario = new Latency(cluster, perSecond, 2 * perSecond, LATENCY_SECONDS * perSecond)) {
            latency(perSecond, scenario);
        }
    }

    private void latency(int perSecond, Latency scenario) throws Exception {
        Map<String, Latency.Pipeline> pipelines = new LinkedHashMap<>();
        pipelines.put("bare Kafka pipe", scenario::barePipe);
        pipelines.put("taskrunner, share source (defaults)",
                name -> scenario.taskrunner(name, List.of("--concurrency", "" + CONCURRENCY)));
        Map<String, Sample[]> results = new LinkedHashMap<>();
        double[] quantiles = {0.5, 0.99, 0.999};
        for (int rep = 0; rep <= reps; rep++) {
            int index = 0;
            for (Map.Entry<String, Latency.Pipeline> pipeline : pipelines.entrySet()) {
                long[] micros = pipeline.getValue().latencies(perSecond + "-r" + rep + "-" + index++);
                StringBuilder figures = new StringBuilder();
                Sample[] samples = results.computeIfAbsent(pipeline.getKey(), k -> new Sample[] {
                        new Sample(), new Sample(), new Sample()});
                for (int q = 0; q < quantiles.length; q++) {
                    double ms = Latency.quantile(micros, quantiles[q]) / 1000.0;
                    figures.append(String.format(Locale.ROOT, " p%s %.1f ms", quantiles[q] * 100, ms));
                    if (rep > 0) {
                        samples[q].add(ms);
                    }
                }
                progress("scenario 2 at " + perSecond + "/s", rep, pipeline.getKey(), figures.toString());
            }
        }
        double pipeP99 = results.values().iterator().next()[1].median();
        line("## Scenario 2: latency, submitted to collected, at " + perSecond + " tasks/s");
        line("");
        line(String.format(Locale.ROOT, "%,d `echo` tasks a repetition sent on a fixed schedule (open loop); the first "
                + "%,d are warm-up. Latency is from each task's scheduled send time to the harness's read-committed "
                + "consumer receiving the output record, on one clock. One worker process with %d slots, kept across the "
                + "repetitions (the bare pipe runs warm in the harness's JVM); the first repetition warms both up and "
                + "is not counted.",
                (2 + LATENCY_SECONDS) * perSecond, 2 * perSecond, CONCURRENCY));
        line("");
        line("| pipeline | p50 ms | p99 ms | p99.9 ms | p99 ratio to bare pipe |");
        line("|---|---|---|---|---|");
        for (Map.Entry<String, Sample[]> entry : results.entrySet()) {
            Sample[] s = entry.getValue();
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f |", entry.getKey(), s[0].describe("%.1f"),
                    s[1].describe("%.1f"), s[2].describe("%.1f"), s[1].median() / pipeP99));
        }
        line("");
        line("Target: taskrunner p99 ≤ 1.5× the bare pipe's.");
        line("");
    }

    private void heldBack() throws Exception {
        int first = 20_000;
        int second = 100_000;
        HeldBackHeap scenario = new HeldBackHeap(cluster, first, second);
        Map<Integer, Sample> results = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            for (int payload : List.of(100, 2_000)) {
                double bytes = scenario.bytesPerResult(payload + "-r" + rep, payload);
                progress("scenario 4", rep, payload + "-byte results", String.format(Locale.ROOT, "%.1f bytes each", bytes));
                if (rep > 0) {
                    results.computeIfAbsent(payload, k -> new Sample()).add(bytes);
                }
            }
        }
        line("## Scenario 4: submission order with a held-back head");
        line("");
        line(String.format(Locale.ROOT, "A `--order submission` collector process whose first result (seq 0) never "
                + "comes holds every other result back. Heap per held-back result = growth of the collector's live "
                + "heap (full GC, `jcmd GC.class_histogram`) from %,d to %,d held-back results ÷ %,d.", first, second,
                second - first));
        line("");
        line("| result payload | heap bytes per held-back result |");
        line("|---|---|");
        for (Map.Entry<Integer, Sample> entry : results.entrySet()) {
            line(String.format(Locale.ROOT, "| %,d bytes | %s |", entry.getKey(), entry.getValue().describe("%.1f")));
        }
        line("");
        line("Target: ≤ 64 bytes each, whatever the payload size.");
        line("");
    }

    static void progress(String scenario, int rep, String what, String figures) {
        System.out.printf(Locale.ROOT, "%s %s %s: %s%n", scenario, rep == 0 ? "warm-up" : "repetition " + rep, what,
                figures);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!Set.of("--reps", "--tasks", "--scenarios", "--results").contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bench/run [--reps N] [--tasks N] [--results N] [--scenarios 1,2,3,4,6,7,8]; "
                        + "got " + String.join(" ", args));
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
