package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import io.taskrunner.worker.WorkerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** "Nothing is lost when a worker dies": three worker JVMs, one SIGKILLed every 5 s and restarted. */
class WorkerCrashIT {
    private static final int TASKS = 5000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"share", "consumer", "consumer-exactly-once"})
    void everyTaskIsAnsweredExactlyOnceWhileWorkersAreKilled(String variant) throws Exception {
        String source = variant.startsWith("consumer") ? "consumer" : "share";
        boolean exactlyOnce = variant.endsWith("exactly-once");
        // The consumer source runs one worker per partition at most, so its topic gets one per slot; share
        // groups share partitions, and do best with the default of one.
        List<String> args = new ArrayList<>(List.of("--source", source, "--concurrency", "3"));
        if (source.equals("consumer")) {
            args.addAll(List.of("--task-partitions", "9"));
        }
        if (exactlyOnce) {
            args.add("--exactly-once");
        }
        String[] workerArgs = args.toArray(String[]::new);
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            List<TaskrunnerProcess> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(deployment.worker(workerArgs));
            }
            if (source.equals("share")) {
                deployment.awaitWorkerSlots(9);
            } else {
                deployment.awaitConsumerGroupMembers(WorkerConfig.DEFAULT_CONSUMER_GROUP, 3);
            }
            Path output = dir.resolve("crash.jsonl");
            TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "crash",
                    "--format", "jsonl", "--output", output.toString(), "--timeout", "6m");
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "crash",
                    "--count", "" + TASKS, "--type", "sleep", "--payload", "{\"minMs\":0,\"maxMs\":30,\"seed\":5}");
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();

            int kills = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (collector.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5000);
                if (!collector.isAlive()) {
                    break;
                }
                int victim = kills % workers.size();
                workers.get(victim).kill();
                kills++;
                workers.set(victim, deployment.worker(workerArgs));
            }

            assertThat(collector.awaitExit(Duration.ofMinutes(1))).as(collector.stderr()).isZero();
            List<ResultMessage> output1 = jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(), output1);
            assertThat(kills).as("workers killed while the run was in progress").isGreaterThanOrEqualTo(2);

            ProtocolCodec codec = new ProtocolCodec();
            long atTopic = new TopicReader(deployment.clients())
                    .readAtLeast(Topics.DEFAULT_RESULTS, TASKS + 1, Duration.ofSeconds(30)).stream()
                    .filter(r -> codec.decodeResultsTopic(r.value()) instanceof ResultMessage).count();
            if (exactlyOnce) {
                assertThat(atTopic - TASKS).as("committed duplicate results at the topic").isZero();
            }
            System.out.printf("WorkerCrashIT[" + variant + "]: tasks=%d kills=%d results at topic=%d duplicates at topic=%d "
                    + "lines in output=%d duplicates in output=0 lost=0%n", TASKS, kills, atTopic, atTopic - TASKS,
                    output1.size());
        }
    }
}
