package io.taskrunner.cli;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A cluster of {@code taskrunner broker} processes on this machine (nodes 1..n, each a combined broker and
 * controller), started together as a user starts them; a node can be SIGKILLed and started again on the same
 * ports and data. Closing it kills whatever still runs, the processes given to {@link #track} included.
 */
final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final int[] ports;
    private final int[] controllerPorts;
    private final String quorum;
    private final TaskrunnerProcess[] nodes;
    private final List<TaskrunnerProcess> all = new ArrayList<>();
    private int starts;

    LocalCluster(Path dir, int size) throws InterruptedException {
        this.dir = dir;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.nodes = new TaskrunnerProcess[size];
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < size; i++) {
            ports[i] = ProcessFixtures.freePort();
            controllerPorts[i] = ProcessFixtures.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        this.quorum = voters.toString();
        try {
            for (int id = 1; id <= size; id++) {
                launch(id);
            }
            for (int id = 1; id <= size; id++) {
                awaitReady(id);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Has {@link #close} kill {@code process} too (workers, producers, collectors of the test). */
    TaskrunnerProcess track(TaskrunnerProcess process) {
        all.add(process);
        return process;
    }

    /** Every node's client address, for {@code --bootstrap-servers}. */
    String bootstrap() {
        StringJoiner joiner = new StringJoiner(",");
        for (int port : ports) {
            joiner.add("127.0.0.1:" + port);
        }
        return joiner.toString();
    }

    KafkaClients clients() {
        return new KafkaClients(KafkaSettings.of(bootstrap()));
    }

    /** SIGKILL node {@code id}. */
    void kill(int id) throws InterruptedException {
        nodes[id - 1].kill();
    }

    /** Starts node {@code id} again on its ports and data; see {@link #awaitReady}. */
    void restart(int id) {
        launch(id);
    }

    private void launch(int id) {
        int i = id - 1;
        nodes[i] = TaskrunnerProcess.start(dir, "broker-" + id + "-" + (++starts), "broker", "--node-id", "" + id,
                "--port", "" + ports[i], "--controller-port", "" + controllerPorts[i], "--controller-quorum", quorum,
                "--data-dir", dir.resolve("kafka-" + id).toString());
        all.add(nodes[i]);
    }

    /** Waits until node {@code id} serves clients. */
    void awaitReady(int id) throws InterruptedException {
        nodes[id - 1].awaitOutput("Kafka broker ready at 127.0.0.1:" + ports[id - 1], Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        all.forEach(TaskrunnerProcess::close);
    }
}
