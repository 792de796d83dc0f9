package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM drains: running tasks finish and publish; what outlives --drain-timeout goes to another worker. */
class GracefulShutdownIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static void submitSleep(LocalDeployment deployment, String run, int ms) throws InterruptedException {
        TaskrunnerProcess producer = deployment.run("producer-" + run, "producer", "--run", run, "--count", "1",
                "--type", "sleep", "--payload", "{\"ms\":" + ms + "}");
        assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
    }

    @Test
    void sigtermLetsTheRunningTaskFinishAndPublishBeforeExiting() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess worker = deployment.worker("--concurrency", "1");
            deployment.awaitWorkerSlots(1);
            submitSleep(deployment, "drain", 4000);
            worker.awaitError("Task 0 started", WAIT);

            worker.signalTerminate();

            assertThat(worker.awaitExit(WAIT)).as(worker.stderr()).isZero();
            List<ResultMessage> results = deployment.collect("drain");
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
                assertThat(r.worker()).endsWith(":" + worker.pid());
            });
        }
    }

    @Test
    void aTaskStillRunningAfterTheDrainTimeoutIsRedeliveredToAnotherWorker() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess first = deployment.worker("--concurrency", "1", "--drain-timeout", "1s");
            deployment.awaitWorkerSlots(1);
            submitSleep(deployment, "abandon", 6000);
            first.awaitError("Task 0 started", WAIT);
            TaskrunnerProcess second = deployment.worker("--concurrency", "1");
            deployment.awaitWorkerSlots(2);

            first.signalTerminate();

            assertThat(first.awaitExit(WAIT)).as(first.stderr()).isZero();
            assertThat(first.stderr()).contains("abandoning them for redelivery");
            List<ResultMessage> results = deployment.collect("abandon");
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED);
                assertThat(r.worker()).endsWith(":" + second.pid());
            });
        }
    }

    @Test
    void aSecondSigtermStopsAtOnce() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess worker = deployment.worker("--concurrency", "1", "--drain-timeout", "5m");
            deployment.awaitWorkerSlots(1);
            submitSleep(deployment, "impatient", 120_000);
            worker.awaitError("Task 0 started", WAIT);

            worker.signalTerminate();
            worker.awaitError("stopping worker", WAIT);
            worker.signalTerminate();

            assertThat(worker.awaitExit(WAIT)).isEqualTo(StopSignals.EXIT_KILLED);
        }
    }
}
