package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.FreePorts;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * The broker every scenario of one benchmark run shares, and how scenarios start taskrunner processes on it:
 * through the launcher users start them with ({@code bin/taskrunner-java}, behind {@code bin/taskrunner} and the
 * image), so each command runs on the JVM settings and class-data archive it ships with ({@link #LAUNCHER}).
 *
 * @param bootstrap where the broker listens
 * @param dir       where processes write their logs
 * @param clients   clients for the harness's own producers and consumers
 * @param brokerPid the broker's process id, for its CPU time
 */
record BenchCluster(String bootstrap, Path dir, KafkaClients clients, long brokerPid) {
    static final Duration START = Duration.ofSeconds(90);
    /** The launcher of taskrunner's processes, from the {@code taskrunner.launcher} property {@code bench/run} sets. */
    static final Path LAUNCHER = Path.of(System.getProperty("taskrunner.launcher", "bin/taskrunner-java"));
    /** Programs of the harness's own run on the JVM's defaults (the bare pipe as a process, the client loop). */
    static final List<String> DEFAULT_JVM = List.of();
    /**
     * The broker's JVM: the settings Apache Kafka's documentation gives for production ("Java Version":
     * LinkedIn's G1 tuning, 6 GB heap). A small heap would collect every ~2 s at 10,000 msg/s, pausing ~25 ms
     * each time, which decides the p99 of whatever pipeline runs through it (see docs/PERFORMANCE.md).
     */
    static final List<String> BROKER_JVM = List.of("-Xms6g", "-Xmx6g", "-XX:MetaspaceSize=96m", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:G1HeapRegionSize=16M",
            "-XX:MinMetaspaceFreeRatio=50", "-XX:MaxMetaspaceFreeRatio=80");

    /** Starts a {@code taskrunner} subcommand on {@code topics}; {@code args} follow the Kafka options. */
    TaskrunnerProcess start(String name, String command, Topics topics, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command, "--bootstrap-servers", bootstrap,
                "--tasks-topic", topics.tasks(), "--results-topic", topics.results(),
                "--dead-letter-topic", topics.deadLetters(), "--control-topic", topics.control(),
                "--task-partitions", "" + topics.taskPartitions()));
        all.addAll(args);
        return TaskrunnerProcess.startWithLauncher(dir, name, LAUNCHER, all.toArray(String[]::new));
    }

    /** Starts a worker process and waits until its slots poll. */
    TaskrunnerProcess startWorker(String name, Topics topics, String group, List<String> args)
            throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--group", group));
        all.addAll(args);
        TaskrunnerProcess worker = start(name, "worker", topics, all);
        try {
            awaitRunning(worker);
        } catch (InterruptedException | RuntimeException | Error e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** CPU seconds (user and system) the broker process has used so far; see {@link #cpuSeconds}. */
    double brokerCpuSeconds() {
        return cpuSeconds(brokerPid);
    }

    /**
     * CPU seconds (user and system) process {@code pid} has used so far, from {@code /proc/PID/stat}, which
     * counts in clock ticks of 1/100 s on Linux; NaN where /proc cannot say.
     */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A port free on this machine now, never handed out before in this run ({@link FreePorts}). */
    static int freePort() {
        return FreePorts.next();
    }

    /** Waits for a worker's start-up line (logs go to standard error). */
    static void awaitRunning(TaskrunnerProcess worker) throws InterruptedException {
        worker.awaitError("tasks at a time from", START);
    }

    /** Blocks until the consumer group has {@code members} members and a settled assignment. */
    void awaitStableConsumerGroup(String group, int members) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        try (Admin admin = clients.admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                            .get(10, TimeUnit.SECONDS).get(group);
                    if (description.groupState() == GroupState.STABLE && description.members().size() == members
                            && description.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // the group exists once its first member joins
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("consumer group " + group + " did not settle on " + members + " members");
    }
}
