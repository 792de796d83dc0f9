package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.testing.MetricsEndpoint;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * taskrunner deployed as processes on this machine, the way a user runs it: a {@code taskrunner broker}
 * process and any number of {@code taskrunner worker} processes. Closing it kills whatever still runs.
 */
final class LocalDeployment implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final List<TaskrunnerProcess> processes = new ArrayList<>();
    private final Map<TaskrunnerProcess, Integer> metricsPorts = new HashMap<>();
    private TaskrunnerProcess broker;
    private int brokerStarts;
    private int started;

    LocalDeployment(Path dir) throws InterruptedException {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        startBroker();
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    KafkaClients clients() {
        return new KafkaClients(KafkaSettings.of(bootstrap()));
    }

    /** Starts (or starts again) the broker on the same ports and data directory. */
    void startBroker() throws InterruptedException {
        broker = track(TaskrunnerProcess.start(dir, "broker-" + (++brokerStarts), "broker", "--port", "" + port,
                "--controller-port", "" + controllerPort, "--data-dir", dir.resolve("kafka-data").toString()));
        broker.awaitOutput("Kafka broker ready at " + bootstrap(), START);
    }

    TaskrunnerProcess broker() {
        return broker;
    }

    /**
     * Starts a worker process from the test class path (so test-only handlers are there too). Unless the
     * arguments choose a {@code --metrics-port}, it gets a free one: see {@link #metrics}.
     */
    TaskrunnerProcess worker(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("worker", "--bootstrap-servers", bootstrap()));
        args.addAll(List.of(extraArgs));
        int metricsPort = -1;
        if (!args.contains("--metrics-port")) {
            metricsPort = freePort();
            args.addAll(List.of("--metrics-port", "" + metricsPort));
        }
        TaskrunnerProcess worker = track(TaskrunnerProcess.startFromClassPath(dir, "worker-" + (++started),
                args.toArray(String[]::new)));
        metricsPorts.put(worker, metricsPort);
        return worker;
    }

    /** The {@code /metrics} and {@code /health} of a worker started by {@link #worker} on a port of its choosing. */
    MetricsEndpoint metrics(TaskrunnerProcess worker) {
        Integer port = metricsPorts.get(worker);
        if (port == null || port < 0) {
            throw new IllegalArgumentException("not a worker with a metrics port chosen by this deployment");
        }
        return new MetricsEndpoint(port);
    }

    /** Runs any other command to its end and returns it. */
    TaskrunnerProcess run(String name, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--bootstrap-servers", bootstrap()));
        return track(TaskrunnerProcess.start(dir, name, all.toArray(String[]::new)));
    }

    /** Runs a collector for {@code run} to its end (it must complete) and returns its results. */
    List<io.taskrunner.core.protocol.ResultMessage> collect(String run) throws InterruptedException {
        TaskrunnerProcess collector = run("collector-" + run, "collector", "--run", run, "--format", "jsonl",
                "--timeout", "2m");
        int exit = collector.awaitExit(Duration.ofMinutes(2));
        if (exit != 0) {
            throw new AssertionError("collector of run " + run + " exited with " + exit + ":\n" + collector.stderr());
        }
        return ProcessFixtures.jsonResults(collector.stdout());
    }

    /** Waits until the worker group has this many members holding an assignment. */
    void awaitWorkerSlots(int slots) throws InterruptedException {
        try (Admin admin = clients().admin()) {
            ShareGroups.awaitAssignedMembers(admin, WorkerConfig.DEFAULT_GROUP, slots, START);
        }
    }

    /** Waits until a consumer group has this many members, each with partitions assigned. */
    void awaitConsumerGroupMembers(String group, int members) throws InterruptedException {
        try (Admin admin = clients().admin()) {
            long deadline = System.nanoTime() + START.toNanos();
            int seen = 0;
            while (System.nanoTime() < deadline) {
                try {
                    seen = (int) admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                    if (seen >= members) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // not there until its first member joins
                }
                Thread.sleep(200);
            }
            throw new AssertionError("consumer group " + group + " has " + seen + " assigned members, expected " + members);
        }
    }

    private TaskrunnerProcess track(TaskrunnerProcess process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        processes.forEach(TaskrunnerProcess::close);
    }
}
