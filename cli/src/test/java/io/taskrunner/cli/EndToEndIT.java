package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as separate processes, as a user runs it: {@code taskrunner broker}, two
 * {@code taskrunner worker} JVMs, {@code taskrunner producer} and {@code taskrunner collector}.
 */
class EndToEndIT {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void twoWorkerProcessesAnswerEveryTaskExactlyOnce() throws Exception {
        int port = freePort();
        String bootstrap = "127.0.0.1:" + port;
        try (TaskrunnerProcess broker = TaskrunnerProcess.start(dir, "broker", "broker", "--port", "" + port,
                "--controller-port", "" + freePort(), "--data-dir", dir.resolve("data").toString())) {
            broker.awaitOutput("Kafka broker ready at " + bootstrap, START);
            try (TaskrunnerProcess worker1 = worker(bootstrap, "worker-1");
                 TaskrunnerProcess worker2 = worker(bootstrap, "worker-2");
                 Admin admin = new KafkaClients(KafkaSettings.of(bootstrap)).admin()) {
                // Submit once every slot of both workers is a member, so both get a share of the work.
                ShareGroups.awaitAssignedMembers(admin, WorkerConfig.DEFAULT_GROUP, 6, START);

                Path output = dir.resolve("results.jsonl");
                TaskrunnerProcess collector = TaskrunnerProcess.start(dir, "collector", "collector",
                        "--bootstrap-servers", bootstrap, "--run", "e2e", "--format", "jsonl",
                        "--output", output.toString(), "--timeout", "5m");
                TaskrunnerProcess producer = TaskrunnerProcess.start(dir, "producer", "producer",
                        "--bootstrap-servers", bootstrap, "--run", "e2e", "--count", "200", "--type", "sleep",
                        "--payload", "{\"minMs\":10,\"maxMs\":50,\"seed\":7}");

                assertThat(producer.awaitExit(START)).as(producer.stderr()).isZero();
                assertThat(producer.stdout()).contains("Submitted 200 tasks to run e2e and sealed it");
                assertThat(collector.awaitExit(Duration.ofMinutes(5))).as(collector.stderr()).isZero();
                assertThat(collector.stderr()).contains("run e2e complete: 200 results");

                List<ResultMessage> results = jsonResults(Files.readString(output));
                ResultGuarantees.assertEachAnsweredOnce(
                        IntStream.range(0, 200).mapToObj(String::valueOf).toList(), results);
                Map<String, Long> byWorker = ResultGuarantees.countByWorker(results);
                System.out.println("EndToEndIT results per worker: " + byWorker);
                assertThat(byWorker.keySet()).as("workers that did work: " + byWorker)
                        .hasSize(2).anyMatch(id -> id.endsWith(identity(worker1)))
                        .anyMatch(id -> id.endsWith(identity(worker2)));
                assertThat(results).allSatisfy(r -> assertThat(r.value().asText()).startsWith("slept "));

                assertThat(worker1.terminate(START)).as("worker-1 exit code on SIGTERM").isIn(0, 143);
            }
            // SIGTERM stops the broker cleanly; started again on the same data directory it still has the run.
            assertThat(broker.terminate(START)).as("broker exit code on SIGTERM").isIn(0, 143);
        }
        try (TaskrunnerProcess broker = TaskrunnerProcess.start(dir, "broker-again", "broker", "--port", "" + port,
                "--controller-port", "" + freePort(), "--data-dir", dir.resolve("data").toString())) {
            broker.awaitOutput("Kafka broker ready at " + bootstrap, START);
            TaskrunnerProcess ordered = TaskrunnerProcess.start(dir, "collector-ordered", "collector",
                    "--bootstrap-servers", bootstrap, "--run", "e2e", "--format", "jsonl", "--order", "submission",
                    "--timeout", "2m");
            assertThat(ordered.awaitExit(START)).as(ordered.stderr()).isZero();
            List<ResultMessage> inOrder = jsonResults(ordered.stdout());
            assertThat(inOrder).hasSize(200);
            ResultGuarantees.assertSubmissionOrder(inOrder);
        }
    }

    private TaskrunnerProcess worker(String bootstrap, String name) {
        return TaskrunnerProcess.start(dir, name, "worker", "--bootstrap-servers", bootstrap, "--concurrency", "3");
    }

    private static String identity(TaskrunnerProcess worker) {
        return ":" + worker.pid();
    }
}
