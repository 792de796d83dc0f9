package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A broker may die": three broker processes (replication 3, min ISR 2), three workers, a producer and a
 * submission-order collector writing a file. Mid-run the broker leading the tasks partition is SIGKILLed and
 * started again later; then the one leading the run's results partition. Every task is in the output once,
 * in order, and no worker or collector is restarted. The stall is how long after a kill the results stop
 * arriving (at a completion-order collector).
 */
class BrokerLossIT {
    private static final int TASKS = 14_000;
    private static final String RUN = "loss";
    /**
     * 12 slots: the run takes at least 58 s, so the second loss, once the first node is back in sync (up to
     * ~30 s on a busy 2-core machine, by when some 9,000 tasks were done), still falls well inside it.
     */
    private static final int TASK_MS = 50;
    private static final Duration WAIT = Duration.ofMinutes(4);

    /** Kept when the test fails: the processes' logs are what explains a stall. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aRunSurvivesLosingTheLeaderOfTheTasksPartitionAndThenOfItsResultsPartition() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3); Admin admin = cluster.clients().admin()) {
            List<TaskrunnerProcess> workers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                workers.add(cluster.track(TaskrunnerProcess.startFromClassPath(dir, "worker-" + i, "worker",
                        "--bootstrap-servers", cluster.bootstrap(), "--replication-factor", "3", "--concurrency", "4")));
            }
            Path output = dir.resolve("out.jsonl");
            TaskrunnerProcess producer = cluster.track(TaskrunnerProcess.start(dir, "producer", "producer",
                    "--bootstrap-servers", cluster.bootstrap(), "--replication-factor", "3", "--run", RUN,
                    "--count", "" + TASKS, "--type", "sleep", "--payload", "{\"ms\":" + TASK_MS + "}"));
            TaskrunnerProcess collector = cluster.track(TaskrunnerProcess.start(dir, "collector", "collector",
                    "--bootstrap-servers", cluster.bootstrap(), "--replication-factor", "3", "--run", RUN,
                    "--order", "submission", "--format", "jsonl", "--output", output.toString(), "--timeout", "5m"));
            // Submission order writes in bursts (a late task holds back all behind it): the kills follow the
            // results as they come, from a second collector in completion order.
            Path progress = dir.resolve("completion.jsonl");
            TaskrunnerProcess follower = cluster.track(TaskrunnerProcess.start(dir, "follower", "collector",
                    "--bootstrap-servers", cluster.bootstrap(), "--run", RUN, "--format", "jsonl", "--output",
                    progress.toString(), "--timeout", "5m"));
            Topics topics = Topics.defaults();
            assertReplicated(admin, topics.tasks());

            int tasksLeader = leader(admin, topics.tasks(), 0);
            Loss first = lose(cluster, tasksLeader, "tasks partition", progress, 2_000, 2_300);
            int resultsPartition = RunPartitioner.partition(RUN, Topics.DEFAULT_RESULT_PARTITIONS);
            // One loss at a time: the second only once the first node is back and every replica in sync.
            cluster.awaitReady(first.node());
            awaitInSync(admin, List.of(topics.tasks(), topics.results(), "__share_group_state"));
            long now = ProcessFixtures.lineCount(progress);
            assertThat(now).as("the run is still going for the second loss").isLessThan(TASKS - 1_000);
            int secondAt = (int) Math.max(5_000, now);
            int resultsLeader = leader(admin, topics.results(), resultsPartition);
            Loss second = lose(cluster, resultsLeader, "results partition " + resultsPartition, progress,
                    secondAt, secondAt + (TASKS - secondAt) / 2);

            cluster.awaitReady(second.node());
            assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            assertThat(collector.awaitExit(WAIT)).as(collector.stderr()).isZero();
            assertThat(follower.awaitExit(WAIT)).as(follower.stderr()).isZero();
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(),
                    ProcessFixtures.jsonResults(Files.readString(progress)));
            List<ResultMessage> results = ProcessFixtures.jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(), results);
            ResultGuarantees.assertSubmissionOrder(results);
            assertThat(workers).as("no worker stopped or was restarted").allMatch(TaskrunnerProcess::isAlive);

            // A result is a duplicate when its task already had one at the topic; it is put down to the loss
            // before it was written.
            Set<String> answered = new HashSet<>();
            ProtocolCodec codec = new ProtocolCodec();
            long[] duplicates = new long[3];
            for (var record : new TopicReader(cluster.clients()).readToEnd(topics.results(), WAIT)) {
                if (RUN.equals(record.key()) && codec.decodeResultsTopic(record.value())
                        instanceof ResultMessage result && !answered.add(result.id())) {
                    duplicates[record.timestamp() < first.killedAtMs() ? 0 : record.timestamp() < second.killedAtMs() ? 1 : 2]++;
                }
            }
            System.out.printf("BrokerLossIT: %d tasks; %d duplicates at the topic before any loss; %s, then %d "
                    + "duplicates at the topic; %s, then %d duplicates at the topic; output %d results, duplicates 0, "
                    + "lost 0%n", TASKS, duplicates[0], first, duplicates[1], second, duplicates[2], results.size());
        }
    }

    /** What one broker loss cost: which node, and how long the output stood still after the kill. */
    private record Loss(int node, String role, long atLine, long killedAtMs, long stallMs) {
        @Override
        public String toString() {
            return "node " + node + " (leader of the " + role + ") killed at output line " + atLine
                    + ", longest time without a result after it " + stallMs + " ms";
        }
    }

    /**
     * Once the output has {@code killAt} lines, SIGKILLs {@code node}; once it has {@code restartAt} lines, starts
     * the node again (without waiting for it). Measures the longest time without a new result in between.
     */
    private static Loss lose(LocalCluster cluster, int node, String role, Path output, int killAt, int restartAt)
            throws InterruptedException {
        Await.until(() -> "output at " + killAt + " lines, has " + ProcessFixtures.lineCount(output), WAIT,
                () -> ProcessFixtures.lineCount(output) >= killAt);
        long atKill = ProcessFixtures.lineCount(output);
        long killedAtMs = System.currentTimeMillis();
        cluster.kill(node);
        // The stall: the longest time without a new result from the kill until the node is started again,
        // followed as the output grows (lastGrowth, lines, stall).
        long[] seen = {System.nanoTime(), atKill, 0};
        Await.until(() -> "output at " + seen[1] + " lines after node " + node + " was killed, expected " + restartAt
                + " (logs in " + output.getParent() + ")", WAIT, () -> {
            long now = ProcessFixtures.lineCount(output);
            if (now > seen[1]) {
                seen[2] = Math.max(seen[2], System.nanoTime() - seen[0]);
                seen[0] = System.nanoTime();
                seen[1] = now;
            }
            return now >= restartAt;
        });
        long stallNanos = seen[2];
        long stallMs = stallNanos / 1_000_000;
        cluster.restart(node);
        return new Loss(node, role, atKill, killedAtMs, stallMs);
    }

    private static int leader(Admin admin, String topic, int partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().get(partition).leader().id();
    }

    /** Waits until every partition of {@code topics} has all 3 replicas in sync. */
    private static void awaitInSync(Admin admin, List<String> topics) throws InterruptedException {
        Await.until("every replica of " + topics + " in sync", WAIT, () -> {
            try {
                return admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .allMatch(partition -> partition.isr().size() == 3);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void assertReplicated(Admin admin, String topic) throws Exception {
        Await.until("topic " + topic + " and the share-group state created", WAIT, () -> {
            try {
                return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names().get().containsAll(List.of(topic, "__share_group_state"));
            } catch (Exception e) {
                return false;
            }
        });
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(description.partitions().get(0).replicas()).hasSize(3);
        Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                .values().iterator().next();
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        Set<Integer> stateReplicas = new HashSet<>();
        admin.describeTopics(List.of("__share_group_state")).allTopicNames().get().get("__share_group_state")
                .partitions().forEach(p -> stateReplicas.add(p.replicas().size()));
        assertThat(stateReplicas).containsExactly(3);
    }
}
