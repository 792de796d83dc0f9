package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector} without {@code --run} follows every run, one tagged stream or one file per run. */
class FollowIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void followsEveryRunUntilStopped() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            deployment.worker("--concurrency", "3");
            deployment.awaitWorkerSlots(3);
            TaskrunnerProcess tagged = deployment.run("follow-text", "collector", "--group", "followers-text");
            TaskrunnerProcess files = deployment.run("follow-files", "collector", "--group", "followers-files",
                    "--format", "jsonl", "--output-dir", dir.resolve("runs").toString(), "--order", "submission");
            for (String[] run : new String[][] {{"alpha", "4"}, {"beta", "3"}}) {
                TaskrunnerProcess producer = deployment.run("producer-" + run[0], "producer", "--run", run[0],
                        "--count", run[1], "--type", "sleep", "--payload", "{\"minMs\":0,\"maxMs\":300}");
                assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            }
            Await.until("7 results on the tagged stream", WAIT,
                    () -> tagged.stdout().lines().filter(l -> l.contains("Received: task")).count() == 7);
            Await.until("4 + 3 results in the run files", WAIT,
                    () -> ProcessFixtures.lineCount(dir.resolve("runs/alpha.jsonl")) == 4
                            && ProcessFixtures.lineCount(dir.resolve("runs/beta.jsonl")) == 3);

            assertThat(tagged.terminate(WAIT)).isIn(0, StopSignals.EXIT_KILLED);
            assertThat(files.terminate(WAIT)).isIn(0, StopSignals.EXIT_KILLED);
            Map<String, Long> linesPerRun = tagged.stdout().lines().filter(l -> l.contains("Received: task"))
                    .collect(Collectors.groupingBy(l -> l.substring(1, l.indexOf(']')), Collectors.counting()));
            assertThat(linesPerRun).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", 4L, "beta", 3L));
            List<ResultMessage> alpha = ProcessFixtures.jsonResults(Files.readString(dir.resolve("runs/alpha.jsonl")));
            assertThat(alpha).extracting(ResultMessage::seq).containsExactly(0L, 1L, 2L, 3L);
            assertThat(ProcessFixtures.jsonResults(Files.readString(dir.resolve("runs/beta.jsonl")))).hasSize(3);
        }
    }
}
