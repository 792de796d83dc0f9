package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
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
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "restart",
                    "--count", "" + TASKS, "--type", "sleep", "--payload", "{\"minMs\":5,\"maxMs\":25,\"seed\":1}");
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();
            long resultsBefore = awaitLines(output, 100);

            assertThat(deployment.broker().terminate(LocalDeployment.START)).isZero();
            deployment.startBroker();

            assertThat(collector.awaitExit(Duration.ofMinutes(5))).as(collector.stderr()).isZero();
            List<ResultMessage> results = jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(), results);
            System.out.printf("BrokerRestartIT: tasks=%d results before the restart=%d lost=0%n", TASKS, resultsBefore);
        }
    }

    private static long awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long count = Files.exists(file) ? Files.readAllLines(file).size() : 0;
            if (count >= lines) {
                return count;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + lines + " results after 2 minutes");
    }
}
