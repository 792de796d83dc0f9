package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.GroupProgress;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import io.taskrunner.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that outlives its lock at the head of the queue holds back nothing: the share partition's window
 * of in-flight records is lowered to 100 here, and more than three windows of short tasks behind the long
 * one all finish while it runs. And a long task whose worker dies is run again by another.
 */
class LongTaskIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The share partition's in-flight window for this test (the broker's default is 2,000). */
    private static final int WINDOW = 100;
    private static final int SHORT_TASKS = 3 * WINDOW + 50;
    private static final String[] WORKER = {"--concurrency", "4", "--lock-duration", "2s"};
    private final ProtocolCodec codec = new ProtocolCodec();

    @TempDir
    Path dir;

    private static void limitWindow(LocalDeployment deployment) throws Exception {
        try (Admin admin = deployment.clients().admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, WorkerConfig.DEFAULT_GROUP),
                    List.of(new AlterConfigOp(new ConfigEntry("share.partition.max.record.locks", "" + WINDOW),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private long resultsOf(LocalDeployment deployment, String run) {
        return new TopicReader(deployment.clients()).readToEnd(Topics.DEFAULT_RESULTS, WAIT).stream()
                .map(r -> codec.decodeResultsTopic(r.value()))
                .filter(m -> m instanceof ResultMessage result && result.run().equals(run)).count();
    }

    private static double sum(LocalDeployment deployment, List<TaskrunnerProcess> workers, String metric) {
        return workers.stream().mapToDouble(w -> deployment.metrics(w).value(metric)).filter(v -> !Double.isNaN(v)).sum();
    }

    @Test
    void shortTasksBehindALongOneAllFinishWhileItRuns() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            limitWindow(deployment);
            List<TaskrunnerProcess> workers = List.of(deployment.worker(WORKER), deployment.worker(WORKER));
            deployment.awaitWorkerSlots(8);
            Gate gate = new Gate(dir, "long");
            Path input = dir.resolve("tasks.jsonl");
            Files.writeString(input, gate.taskLine() + "{\"type\":\"echo\",\"payload\":1}\n".repeat(SHORT_TASKS));
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "long", "--input",
                    input.toString());
            assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            gate.awaitStarted(WAIT);
            long longStarted = System.nanoTime();

            // The gate stays shut: every short task must finish while the long one still runs.
            Await.until(SHORT_TASKS + " short results while the long task runs", WAIT,
                    () -> resultsOf(deployment, "long") >= SHORT_TASKS);
            double shortSeconds = (System.nanoTime() - longStarted) / 1e9; // reported, not asserted
            assertThat(gate.starts()).as("the long task started once").hasSize(1);
            assertThat(sum(deployment, workers, "taskrunner_tasks_moved_aside_total")).isGreaterThanOrEqualTo(1);
            gate.open();

            List<ResultMessage> results = deployment.collect("long");
            ResultGuarantees.assertEachAnsweredOnce(
                    IntStream.rangeClosed(0, SHORT_TASKS).mapToObj(String::valueOf).toList(), results);
            assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED));
            try (Admin admin = deployment.clients().admin()) {
                Await.until("the lane copy let go once the long task's result was written", WAIT, () ->
                        GroupProgress.shareGroupAcknowledgedAll(admin, WorkerConfig.DEFAULT_GROUP + ".long",
                                Topics.DEFAULT_TASKS + ".long"));
            }
            System.out.printf("LongTaskIT: window=%d short tasks=%d all finished behind one long task, within %.1f s "
                            + "of its start; moved aside=%.0f%n", WINDOW, SHORT_TASKS, shortSeconds,
                    sum(deployment, workers, "taskrunner_tasks_moved_aside_total"));
        }
    }

    @Test
    void aLongTaskWhoseWorkerDiesIsRunAgainByAnother() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            List<TaskrunnerProcess> workers = List.of(deployment.worker(WORKER), deployment.worker(WORKER));
            deployment.awaitWorkerSlots(8);
            Gate gate = new Gate(dir, "orphan");
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "orphan", "--count", "1",
                    "--type", "gate", "--payload", gate.payload());
            assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            gate.awaitStarted(WAIT);
            long ownerPid = gate.starts().get(0);
            TaskrunnerProcess owner = workers.stream().filter(w -> w.pid() == ownerPid).findFirst().orElseThrow();
            TaskrunnerProcess survivor = workers.stream().filter(w -> w != owner).findFirst().orElseThrow();
            deployment.metrics(owner).awaitAtLeast("taskrunner_tasks_moved_aside_total", 1, WAIT);
            // The task's own record is acknowledged just after its lane copy is written: killed in between,
            // the owner would leave the record to come back by its lock running out, not through the lane.
            try (Admin admin = deployment.clients().admin()) {
                Await.until("the moved task's record acknowledged", WAIT, () -> GroupProgress
                        .shareGroupAcknowledgedAll(admin, WorkerConfig.DEFAULT_GROUP, Topics.DEFAULT_TASKS));
            }

            owner.kill();
            Await.until(() -> "the long task started again after its worker died; starts " + gate.starts(), WAIT,
                    () -> gate.starts().size() >= 2);
            gate.open();

            List<ResultMessage> results = deployment.collect("orphan");
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
                assertThat(r.worker()).endsWith(":" + survivor.pid());
            });
            assertThat(gate.starts()).containsExactly(ownerPid, survivor.pid());
            assertThat(deployment.metrics(survivor).value("taskrunner_lane_takeovers_total")).isEqualTo(1);
            System.out.printf("LongTaskIT: long task's worker SIGKILLed; run again by the other: starts=%s%n",
                    gate.starts().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }
}
