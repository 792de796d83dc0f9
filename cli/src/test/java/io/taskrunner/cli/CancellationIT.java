package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code producer cancel}: tasks that have not started when the cancellation arrives are answered CANCELLED. */
class CancellationIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static Map<String, TaskStatus> statuses(LocalDeployment deployment, String run) throws InterruptedException {
        return deployment.collect(run).stream().collect(Collectors.toMap(ResultMessage::id, ResultMessage::status));
    }

    private static void ok(TaskrunnerProcess process) throws InterruptedException {
        assertThat(process.awaitExit(WAIT)).as(process.stderr()).isZero();
    }

    @Test
    void cancelledTasksThatHaveNotStartedAreSkipped() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            // One slot, held by task 0 at a gate: nothing else can start until the test opens it.
            TaskrunnerProcess worker = deployment.worker("--concurrency", "1");
            deployment.awaitWorkerSlots(1);
            Gate gate = new Gate(dir, "first");
            Path input = dir.resolve("one.jsonl");
            Files.writeString(input, gate.taskLine() + "{\"type\":\"echo\",\"payload\":1}\n".repeat(4));
            ok(deployment.run("producer-one", "producer", "--run", "one", "--input", input.toString()));
            ok(deployment.run("producer-two", "producer", "--run", "two", "--count", "3", "--type", "echo"));
            gate.awaitStarted(WAIT);

            TaskrunnerProcess cancelTask = deployment.run("cancel-task", "producer", "cancel", "--run", "one", "--id", "2");
            TaskrunnerProcess cancelRun = deployment.run("cancel-run", "producer", "cancel", "--run", "two");
            ok(cancelTask);
            ok(cancelRun);
            assertThat(cancelTask.stdout()).contains("Cancelled task 2 of run one");
            // Both cancellations are known to the worker before the slot is free to take the next task.
            deployment.metrics(worker).awaitAtLeast("taskrunner_cancellations_known", 2, WAIT);
            gate.open();

            assertThat(statuses(deployment, "one")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "0", TaskStatus.SUCCEEDED, "1", TaskStatus.SUCCEEDED, "2", TaskStatus.CANCELLED,
                    "3", TaskStatus.SUCCEEDED, "4", TaskStatus.SUCCEEDED));
            assertThat(statuses(deployment, "two")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "0", TaskStatus.CANCELLED, "1", TaskStatus.CANCELLED, "2", TaskStatus.CANCELLED));
        }
    }
}
