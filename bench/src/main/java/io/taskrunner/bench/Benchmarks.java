package io.taskrunner.bench;

import io.taskrunner.testing.TaskrunnerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness: runs each scenario against its baseline on one broker in one run, repeats each
 * measurement, and reports medians, spreads and ratios. Writes docs/BENCHMARKS.md. Run with {@code bench/run}.
 *
 * <p>So far scenario 1 (no-op throughput, one worker process, against a bare consume-produce pipe); the
 * other scenarios of the benchmark issue are to come.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("taskrunner-bench");
        int port = freePort();
        String bootstrap = "127.0.0.1:" + port;
        try (TaskrunnerProcess broker = TaskrunnerProcess.start(dir, "broker", "broker", "--port", "" + port,
                "--controller-port", "" + freePort(), "--data-dir", dir.resolve("kafka").toString())) {
            broker.awaitOutput("Kafka broker ready", Duration.ofSeconds(90));
            NoOpThroughput scenario = new NoOpThroughput(bootstrap, dir, tasks, 8);
            // Warm-up, not counted: JIT, topic creation and group set-up paths of both sides.
            scenario.barePipe(0);
            scenario.taskrunner(0);
            List<Double> pipe = new ArrayList<>();
            List<Double> taskrunner = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                pipe.add(scenario.barePipe(rep));
                taskrunner.add(scenario.taskrunner(rep));
                System.out.printf(Locale.ROOT, "repetition %d: bare pipe %.0f/s, taskrunner %.0f/s%n", rep,
                        pipe.get(rep - 1), taskrunner.get(rep - 1));
            }
            String report = report(tasks, repetitions, pipe, taskrunner);
            System.out.println(report);
            Files.writeString(Path.of("docs", "BENCHMARKS.md"), report);
        }
    }

    private static String report(int tasks, int repetitions, List<Double> pipe, List<Double> taskrunner) {
        double pipeMedian = median(pipe);
        double trMedian = median(taskrunner);
        return String.join("\n",
                "# Benchmarks",
                "",
                "Measured by the harness in `bench/` (`bench/run`), taskrunner and its baseline in the same run, on the",
                "same single-node broker (`taskrunner broker`, Kafka 4.4), on this project's development machine:",
                String.format(Locale.ROOT, "%d cores, %d MiB heap limit of the harness JVM, Java %s; %s.",
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                        System.getProperty("java.version"), LocalDate.now()),
                "",
                "## Scenario 1: no-op tasks, 200-byte payloads, one worker process",
                "",
                String.format(Locale.ROOT, "%d tasks a repetition, %d repetitions after a warm-up; rate from broker",
                        tasks, repetitions)
                        + " timestamps of the first and last output record (start-up not counted).",
                "",
                "| pipeline | median tasks/s | min | max | ratio to bare pipe |",
                "|---|---|---|---|---|",
                String.format(Locale.ROOT, "| bare Kafka pipe (consume, produce, commit per poll) | %.0f | %.0f | %.0f | 1.00 |",
                        pipeMedian, min(pipe), max(pipe)),
                String.format(Locale.ROOT, "| taskrunner worker, share source, concurrency 8, `echo` | %.0f | %.0f | %.0f | %.2f |",
                        trMedian, min(taskrunner), max(taskrunner), trMedian / pipeMedian),
                "",
                "Target (benchmark issue): taskrunner ≥ 0.8× the bare pipe. See the closing notes for the analysis",
                "and what remains (Parallel Consumer baseline, latency, scale-out, held-back heap, both sources, chart).",
                "");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
