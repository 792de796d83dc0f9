package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static io.taskrunner.cli.ProcessFixtures.lineCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker stops and comes back mid-run: workers, producer and collector carry on and nothing is lost. */
class BrokerRestartIT {
    private static final int TASKS = 1000;
    private static final int BEFORE_THE_GATE = 100;
    /**
     * Results awaited before the broker stops. Not all of the quick tasks: a worker that takes a batch may
     * queue some of them behind gate tasks it fetched at the same time. But a worker takes one task at a time,
     * in submission order, until it has measured 16, so the first few are certain to be answered.
     */
    private static final int AWAITED_BEFORE_THE_STOP = 10;

    @TempDir
    Path dir;

    @Test
    void aBrokerRestartMidRunLosesNothing() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            deployment.worker("--concurrency", "3");
            deployment.worker("--concurrency", "3");
            deployment.awaitWorkerSlots(6);
            Path output = dir.resolve("restart.jsonl");
            TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "restart", "--format",
                    "jsonl", "--output", output.toString(), "--timeout", "5m");
            // 100 quick tasks, then 900 that wait at a gate the test opens only once the broker is down: the
            // broker is certain to stop while most results are still missing, and after some were collected.
            Gate gate = new Gate(dir, "restart");
            Path input = dir.resolve("tasks.jsonl");
            Files.writeString(input, "{\"type\":\"echo\",\"payload\":1}\n".repeat(BEFORE_THE_GATE)
                    + gate.taskLine().repeat(TASKS - BEFORE_THE_GATE));
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "restart", "--input",
                    input.toString());
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();
            Await.until(AWAITED_BEFORE_THE_STOP + " results", Duration.ofMinutes(2),
                    () -> lineCount(output) >= AWAITED_BEFORE_THE_STOP);
            gate.awaitStarted(Duration.ofMinutes(1));

            assertThat(deployment.broker().terminate(LocalDeployment.START)).isZero();
            long resultsWhileDown = lineCount(output);
            assertThat(resultsWhileDown).as("results collected when the broker stopped").isLessThan(TASKS);
            gate.open();
            deployment.startBroker();

            assertThat(collector.awaitExit(Duration.ofMinutes(5))).as(collector.stderr()).isZero();
            List<ResultMessage> results = jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(), results);
            System.out.printf("BrokerRestartIT: tasks=%d results when the broker stopped=%d lost=0%n", TASKS,
                    resultsWhileDown);
        }
    }
}
