package io.taskrunner.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Scenario 7 run and reported: each way of submitting against {@code ProducerPerformance}, repeated. */
final class ProducerScenario {
    private static final String PERF = "Kafka ProducerPerformance (acks=all, idempotent; its defaults)";
    private static final String PERF_BATCH = "Kafka ProducerPerformance, batch.size=65536 (taskrunner's batch size)";

    /** One way of submitting, timed as a process. */
    private interface Writer {
        TimedProcess.Timing write(String name) throws Exception;
    }

    private ProducerScenario() {
    }

    static void run(BenchCluster cluster, int reps, int tasks, Consumer<String> line) throws Exception {
        ProducerWrite scenario = new ProducerWrite(cluster, tasks);
        Map<String, Writer> writers = new LinkedHashMap<>();
        writers.put(PERF, name -> scenario.producerPerformance(name, List.of()));
        writers.put(PERF_BATCH, name -> scenario.producerPerformance(name, List.of("batch.size=65536")));
        writers.put("taskrunner producer --count", scenario::producerCount);
        writers.put("taskrunner producer --input (JSON Lines)", scenario::producerInput);
        writers.put("TaskClient.submit in a loop", scenario::clientSubmit);
        Map<String, Sample> seconds = new LinkedHashMap<>();
        Map<String, Sample> brokerCpu = new LinkedHashMap<>();
        Map<String, Sample> peak = new LinkedHashMap<>();
        for (int rep = 0; rep <= reps; rep++) {
            int index = 0;
            for (Map.Entry<String, Writer> writer : writers.entrySet()) {
                double cpuBefore = cluster.brokerCpuSeconds();
                TimedProcess.Timing timing = writer.getValue().write("r" + rep + "-" + index++);
                double cpu = cluster.brokerCpuSeconds() - cpuBefore;
                Benchmarks.progress("scenario 7", rep, writer.getKey(), String.format(Locale.ROOT,
                        "%.2f s, broker %.2f s CPU, peak %.0f MiB", timing.seconds(), cpu, timing.peakMib()));
                if (rep > 0) {
                    seconds.computeIfAbsent(writer.getKey(), k -> new Sample()).add(timing.seconds());
                    brokerCpu.computeIfAbsent(writer.getKey(), k -> new Sample()).add(cpu * 1e6 / tasks);
                    peak.computeIfAbsent(writer.getKey(), k -> new Sample()).add(timing.peakMib());
                }
            }
        }
        double perf = seconds.get(PERF).median();
        double perfBatch = seconds.get(PERF_BATCH).median();
        line.accept("## Scenario 7: submitting tasks");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "%,d tasks of %d bytes (the encoded task; the yardstick's record size) "
                + "to a new one-partition topic per run. Each writer is a process of its own, timed from start to exit "
                + "(JVM start and all); `ProducerPerformance` runs with the JVM options of `kafka-producer-perf-test.sh`, "
                + "taskrunner's producer with its launcher's (`bin/taskrunner-java`: the client compiler only), the "
                + "`TaskClient` program with the JVM's defaults. Ratios are the yardstick's time ÷ this time: above 1 is "
                + "faster. Broker CPU is the broker process's user + system time during the run, per task.",
                tasks, ProducerWrite.TASK_BYTES));
        line.accept("");
        line.accept("| writer | seconds | tasks/s | broker CPU µs/task | peak RSS MiB | ratio to ProducerPerformance "
                + "| ratio to it at batch.size=65536 |");
        line.accept("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Sample> entry : seconds.entrySet()) {
            double median = entry.getValue().median();
            line.accept(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.0f | %.2f | %.2f |", entry.getKey(),
                    entry.getValue().describe("%.2f"), tasks / median, brokerCpu.get(entry.getKey()).median(),
                    peak.get(entry.getKey()).median(), perf / median, perfBatch / median));
        }
        line.accept("");
        line.accept("Target: every way of submitting ≥ 0.9× `ProducerPerformance` with the same acks and idempotence.");
        line.accept("");
    }
}
