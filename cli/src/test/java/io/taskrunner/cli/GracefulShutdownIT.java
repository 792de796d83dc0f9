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
    private static final int STOPPING = 503;

    @TempDir
    Path dir;

    /** Submits one {@code gate} task as run {@code run} and waits until a worker runs it. */
    private Gate submitGated(LocalDeployment deployment, String run) throws InterruptedException {
        Gate gate = new Gate(dir, run);
        TaskrunnerProcess producer = deployment.run("producer-" + run, "producer", "--run", run, "--count", "1",
                "--type", "gate", "--payload", gate.payload());
        assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
        gate.awaitStarted(WAIT);
        return gate;
    }

    @Test
    void sigtermLetsTheRunningTaskFinishAndPublishBeforeExiting() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess worker = deployment.worker("--concurrency", "1");
            deployment.awaitWorkerSlots(1);
            Gate gate = submitGated(deployment, "drain");

            worker.signalTerminate();
            deployment.metrics(worker).awaitHealth(STOPPING, WAIT);
            gate.open();

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
            Gate gate = submitGated(deployment, "abandon");
            TaskrunnerProcess second = deployment.worker("--concurrency", "1");
            deployment.awaitWorkerSlots(2);

            // The gate stays closed: the task outlives the drain timeout and the first worker abandons it.
            assertThat(first.terminate(WAIT)).as(first.stderr()).isZero();
            gate.open();

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
            submitGated(deployment, "impatient");

            worker.signalTerminate();
            deployment.metrics(worker).awaitHealth(STOPPING, WAIT);
            worker.signalTerminate();

            assertThat(worker.awaitExit(WAIT)).isEqualTo(StopSignals.EXIT_KILLED);
        }
    }
}
