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
import java.util.Random;
import java.util.stream.IntStream;
import io.taskrunner.worker.WorkerConfig;
import io.taskrunner.worker.internal.ConsumerGroupSource;
import io.taskrunner.worker.internal.SharePoller;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** "Nothing is lost when a worker dies": three worker JVMs, one SIGKILLed every 5 s and restarted. */
class WorkerCrashIT {
    private static final int TASKS = 5000;
    private static final int WORKERS = 3;
    private static final int SLOTS = 3;
    /** Tasks sleep 0 to twice this many milliseconds. */
    private static final int MEAN_TASK_MS = 15;
    private static final long KILL_EVERY_MS = 5000;

    @TempDir
    Path dir;

    /**
     * The most duplicate results a run may show at the topic. Exactly-once: none is committed. Share source: a
     * SIGKILLed worker's tasks that had written results but whose acknowledgements had not reached the broker:
     * its running tasks (one per slot; tasks this slow are taken one at a time) and those finished within the
     * last two acknowledgement intervals at the rate its slots reach on tasks of the mean duration. Consumer source: a killed worker's tasks finished since its last commit (one commit
     * interval of work at twice the rate its slots can reach on tasks of the mean duration) plus its
     * backlog, and per kill two rebalances in which each worker's running tasks on revoked partitions may
     * run again.
     */
    private static long duplicateBound(String source, boolean exactlyOnce, int kills) {
        if (exactlyOnce) {
            return 0;
        }
        if (source.equals("share")) {
            return kills * (SLOTS + 2L * SLOTS * SharePoller.COMMIT_EVERY_MS / MEAN_TASK_MS + 1);
        }
        long sinceLastCommit = 2L * SLOTS * ConsumerGroupSource.COMMIT_INTERVAL_MS / MEAN_TASK_MS;
        return kills * (sinceLastCommit + ConsumerGroupSource.backlogLimit(SLOTS) + 2L * WORKERS * SLOTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"share", "consumer", "consumer-exactly-once"})
    void everyTaskIsAnsweredExactlyOnceWhileWorkersAreKilled(String variant) throws Exception {
        String source = variant.startsWith("consumer") ? "consumer" : "share";
        boolean exactlyOnce = variant.endsWith("exactly-once");
        // The consumer source runs one worker per partition at most, so its topic gets one per slot; share
        // groups share partitions, and do best with the default of one.
        List<String> args = new ArrayList<>(List.of("--source", source, "--concurrency", "" + SLOTS));
        if (source.equals("consumer")) {
            args.addAll(List.of("--task-partitions", "9"));
        }
        if (exactlyOnce) {
            args.add("--exactly-once");
        }
        String[] workerArgs = args.toArray(String[]::new);
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            List<TaskrunnerProcess> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(deployment.worker(workerArgs));
            }
            if (source.equals("share")) {
                deployment.awaitWorkerSlots(WORKERS * SLOTS);
            } else {
                deployment.awaitConsumerGroupMembers(WorkerConfig.DEFAULT_CONSUMER_GROUP, WORKERS);
            }
            Path output = dir.resolve("crash.jsonl");
            TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "crash",
                    "--format", "jsonl", "--output", output.toString(), "--timeout", "6m");
            // The last task waits at a gate that opens after the second kill, so the run is certain to be
            // in progress while at least two workers die.
            Gate gate = new Gate(dir, "last");
            Path input = dir.resolve("tasks.jsonl");
            Random random = new Random(5);
            StringBuilder tasks = new StringBuilder();
            for (int i = 0; i < TASKS - 1; i++) {
                tasks.append("{\"type\":\"sleep\",\"payload\":{\"ms\":").append(random.nextInt(2 * MEAN_TASK_MS + 1))
                        .append("}}\n");
            }
            Files.writeString(input, tasks.append(gate.taskLine()));
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "crash", "--input",
                    input.toString());
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();

            int kills = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (collector.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(KILL_EVERY_MS);
                if (!collector.isAlive()) {
                    break;
                }
                int victim = kills % workers.size();
                workers.get(victim).kill();
                kills++;
                workers.set(victim, deployment.worker(workerArgs));
                if (kills == 2) {
                    gate.open();
                }
            }

            assertThat(collector.awaitExit(Duration.ofMinutes(1))).as(collector.stderr()).isZero();
            List<ResultMessage> output1 = jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(), output1);
            assertThat(kills).as("workers killed while the run was in progress").isGreaterThanOrEqualTo(2);

            ProtocolCodec codec = new ProtocolCodec();
            long atTopic = new TopicReader(deployment.clients())
                    .readToEnd(Topics.DEFAULT_RESULTS, Duration.ofSeconds(30)).stream()
                    .filter(r -> codec.decodeResultsTopic(r.value()) instanceof ResultMessage).count();
            long bound = duplicateBound(source, exactlyOnce, kills);
            System.out.printf("WorkerCrashIT[" + variant + "]: tasks=%d kills=%d results at topic=%d duplicates at topic=%d "
                    + "(bound %d) lines in output=%d duplicates in output=0 lost=0%n", TASKS, kills, atTopic,
                    atTopic - TASKS, bound, output1.size());
            assertThat(atTopic - TASKS).as("duplicate results at the topic").isBetween(0L, bound);
        }
    }
}
