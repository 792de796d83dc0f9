package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskrunner demo}, the seed scenario, run as a user runs it: the runnable jar in its own JVM. */
class DemoIT {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void completionOrderFollowsFinishTimes() throws Exception {
        try (TaskrunnerProcess demo = TaskrunnerProcess.start(dir, "demo-completion", "demo", "--tasks", "6",
                "--seed", "11", "--format", "jsonl")) {
            assertThat(demo.awaitExit(LIMIT)).as(demo.stderr()).isZero();

            List<ResultMessage> results = jsonResults(demo.stdout());
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, 6).mapToObj(String::valueOf).toList(), results);
            // The demo's tasks sleep whole seconds, so half a second tells a tie from an order.
            ResultGuarantees.assertCompletionOrder(results, Duration.ofMillis(500));
            assertThat(results).allSatisfy(r -> assertThat(r.value().asText()).matches("slept [1-4]s"));
            assertThat(demo.stdout()).contains("--- Submitting Tasks ---", "--- All tasks submitted, waiting for results ---");
            assertThat(demo.stderr()).contains("started (will take");
        }
    }

    @Test
    void submissionOrderIsZeroToNMinusOneInTheSeedsTextFormat() throws Exception {
        try (TaskrunnerProcess demo = TaskrunnerProcess.start(dir, "demo-submission", "demo", "--tasks", "5",
                "--seed", "11", "--order", "submission")) {
            assertThat(demo.awaitExit(LIMIT)).as(demo.stderr()).isZero();

            List<String> received = demo.stdout().lines().filter(l -> l.startsWith("Received: ")).toList();
            assertThat(received).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(received.get(i)).matches("Received: task " + i + " result \\(slept [1-4]s\\)");
            }
        }
    }
}
