package io.taskrunner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.GroupProgress;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TopicReader;
import io.taskrunner.worker.internal.ResultPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(RealKafkaExtension.class)
class WorkerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ProtocolCodec codec = new ProtocolCodec();

    private byte[] task(String id, long seq, String type, String payload) throws Exception {
        return codec.encode(TaskMessage.first(id, "run", seq, type, codec.mapper().readTree(payload), 1L));
    }

    private static void send(KafkaClients clients, String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-submitter", Map.of())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }

    private List<ResultMessage> results(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> (ResultMessage) codec.decodeResultsTopic(r.value())).toList();
    }

    /**
     * Waits until {@code group} is done with every task on the topic and the worker holds none: from then on
     * no task can run again, so every result there will ever be is on the results topic.
     */
    private static void awaitSettled(KafkaClients clients, Topics topics, String group, TaskSourceKind source,
                                     WorkerMetrics metrics) throws InterruptedException {
        try (Admin admin = clients.admin()) {
            java.util.function.BooleanSupplier groupDone = () -> source == TaskSourceKind.SHARE
                    ? GroupProgress.shareGroupAcknowledgedAll(admin, group, topics.tasks())
                    : GroupProgress.consumerGroupCommittedAll(admin, group, topics.tasks());
            double[] held = new double[2];
            Await.until(() -> "group " + group + " done with every task (" + groupDone.getAsBoolean()
                            + ") and the worker idle (held " + held[0] + ", running " + held[1] + ")", WAIT, () -> {
                held[0] = metrics.registry().get(WorkerMetrics.QUEUE_DEPTH).gauge().value();
                held[1] = metrics.registry().get(WorkerMetrics.TASKS_IN_FLIGHT).gauge().value();
                return held[0] == 0 && held[1] == 0 && groupDone.getAsBoolean();
            });
        }
    }

    private List<ResultMessage> allResults(KafkaClients clients, Topics topics) {
        return results(new TopicReader(clients).readToEnd(topics.results(), WAIT));
    }

    /** Sends {@code count} tasks {@code t0, t1, ...} that sleep {@code ms} each; returns their ids. */
    private Set<String> sendSleepTasks(KafkaClients clients, Topics topics, int count, int ms) throws Exception {
        List<byte[]> tasks = new java.util.ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            tasks.add(task("t" + i, i, "sleep", "{\"ms\":" + ms + "}"));
            ids.add("t" + i);
        }
        send(clients, topics.tasks(), tasks);
        return ids;
    }

    private static WorkerConfig config(Topics topics, String group, int concurrency) {
        return WorkerConfig.defaults(topics).withGroupId(group).withConcurrency(concurrency);
    }

    @ParameterizedTest
    @EnumSource(TaskSourceKind.class)
    void answersEveryTaskAndDeadLettersWhatItCannotRun(TaskSourceKind source, KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        try (Worker worker = Worker.start(clients, config(topics, "workers-mixed", 2).withSource(source)
                        .withGroupId("workers-mixed-" + source), HandlerRegistry.discover(getClass().getClassLoader()))) {
            send(clients, topics.tasks(), List.of(
                    task("0", 0, "echo", "{\"n\":0}"),
                    task("1", 1, "fail", "{\"message\":\"no luck\"}"),
                    task("2", 2, "no-such-type", "{}"),
                    "{ not json".getBytes(StandardCharsets.UTF_8),
                    "{\"v\":2,\"id\":\"4\",\"run\":\"run\",\"seq\":4,\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8),
                    task("5", 5, "echo", "{\"n\":5}")));

            List<ResultMessage> results = results(new TopicReader(clients).readAtLeast(topics.results(), 5, WAIT));
            List<ConsumerRecord<String, byte[]>> deadLetters = new TopicReader(clients)
                    .readAtLeast(topics.deadLetters(), 3, WAIT);

            ResultGuarantees.assertEachAnsweredOnce(Set.of("0", "1", "2", "4", "5"), results);
            Map<String, ResultMessage> byId = results.stream()
                    .collect(Collectors.toMap(ResultMessage::id, Function.identity()));
            assertThat(byId.get("0").status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(byId.get("0").value().get("n").asInt()).isZero();
            assertThat(byId.get("0").worker()).isEqualTo(worker.identity());
            assertThat(byId.get("1").status()).isEqualTo(TaskStatus.FAILED);
            assertThat(byId.get("1").error().message()).isEqualTo("no luck");
            assertThat(byId.get("2").status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(byId.get("2").error().message()).contains("echo, fail, sleep");
            assertThat(byId.get("4").status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(byId.get("5").status()).isEqualTo(TaskStatus.SUCCEEDED);

            assertThat(deadLetters).extracting(r -> header(r, ResultPublisher.HEADER_REASON))
                    .containsExactlyInAnyOrder("unknown-type", "undecodable", "unsupported-version");
            assertThat(deadLetters).allSatisfy(r -> {
                assertThat(header(r, ResultPublisher.HEADER_ORIGIN_TOPIC)).isEqualTo(topics.tasks());
                assertThat(header(r, ResultPublisher.HEADER_ORIGIN_OFFSET)).isNotEmpty();
            });
            assertThat(worker.termination()).isNotDone();
        }
    }

    /**
     * The tasks are on the topic before the worker starts, so with prefetch 8 the first slot to poll takes
     * all six, the long one first: it must let the other slot have the quick ones.
     */
    @ParameterizedTest(name = "prefetch {0}")
    @ValueSource(ints = {1, 8})
    void aLongTaskDoesNotHoldBackTheTasksBehindIt(int prefetch, KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        send(clients, topics.tasks(), List.of(
                task("long", 0, "sleep", "{\"ms\":8000}"),
                task("a", 1, "echo", "1"), task("b", 2, "echo", "2"), task("c", 3, "echo", "3"),
                task("d", 4, "echo", "4"), task("e", 5, "echo", "5")));
        try (Worker worker = Worker.start(clients, config(topics, "workers-long-" + prefetch, 2).withPrefetch(prefetch),
                HandlerRegistry.discover(getClass().getClassLoader()))) {
            List<ResultMessage> results = results(new TopicReader(clients).readAtLeast(topics.results(), 6, WAIT));

            ResultGuarantees.assertEachAnsweredOnce(Set.of("long", "a", "b", "c", "d", "e"), results);
            // The five quick tasks complete on the free slot while the long one still runs.
            assertThat(results.get(results.size() - 1).id()).isEqualTo("long");
            assertThat(results).allSatisfy(r -> assertThat(r.worker()).isEqualTo(worker.identity()));
        }
    }

    @ParameterizedTest(name = "prefetch {0}")
    @ValueSource(ints = {1, 8})
    void aTaskThatOutlivesItsLockSeveralTimesRunsOnceWithoutRedelivery(int prefetch, KafkaCluster kafka)
            throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        String group = "workers-lock-" + prefetch;
        WorkerConfig config = config(topics, group, 2).withLockDuration(Duration.ofSeconds(2)).withPrefetch(prefetch);
        WorkerMetrics metrics = WorkerMetrics.inMemory();
        try (Worker worker = Worker.start(clients, config, HandlerRegistry.discover(getClass().getClassLoader()), metrics);
             Admin admin = clients.admin()) {
            ShareGroups.awaitAssignedMembers(admin, group, 2, WAIT);
            // 7 s is 3.5 lock durations: without renewal the idle slot would get the task again after 2 s.
            send(clients, topics.tasks(), List.of(task("long", 0, "sleep", "{\"ms\":7000}"),
                    task("after", 1, "echo", "1")));

            awaitSettled(clients, topics, group, TaskSourceKind.SHARE, metrics);
            List<ResultMessage> results = allResults(clients, topics);

            ResultGuarantees.assertEachAnsweredOnce(Set.of("long", "after"), results);
            assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED));
        }
    }

    /**
     * One slot takes 40 tasks of 80 ms (3.2 s) under a 2 s lock: the tasks still waiting when half the lock
     * has passed must go back for a fresh lock, not run on a lapsed one (which would run them twice).
     */
    @Test
    void aPrefetchedBatchLongerThanHalfTheLockHandsBackWhatIsStillWaiting(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        Set<String> ids = sendSleepTasks(clients, topics, 40, 80);
        WorkerConfig config = config(topics, "workers-batch-lock", 1).withPrefetch(50)
                .withLockDuration(Duration.ofSeconds(2));
        WorkerMetrics metrics = WorkerMetrics.inMemory();
        try (Worker worker = Worker.start(clients, config, HandlerRegistry.discover(getClass().getClassLoader()), metrics)) {
            awaitSettled(clients, topics, "workers-batch-lock", TaskSourceKind.SHARE, metrics);
            List<ResultMessage> results = allResults(clients, topics);

            ResultGuarantees.assertEachAnsweredOnce(ids, results);
        }
    }

    @Test
    void aTaskPastItsTimeLimitIsTimedOutAndTheSlotMovesOn(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        try (Worker worker = Worker.start(clients, config(topics, "workers-timeout", 1),
                HandlerRegistry.discover(getClass().getClassLoader()))) {
            send(clients, topics.tasks(), List.of(
                    codec.encode(new TaskMessage(1, "slow", "run", 0, "sleep", codec.mapper().readTree("{\"ms\":60000}"),
                            1L, 1, 1, 500)),
                    task("next", 1, "echo", "1")));

            List<ResultMessage> results = results(new TopicReader(clients).readAtLeast(topics.results(), 2, WAIT));

            Map<String, ResultMessage> byId = results.stream()
                    .collect(Collectors.toMap(ResultMessage::id, Function.identity()));
            assertThat(byId.get("slow").status()).isEqualTo(TaskStatus.TIMED_OUT);
            assertThat(byId.get("slow").error().message()).contains("500 ms");
            assertThat(byId.get("next").status()).isEqualTo(TaskStatus.SUCCEEDED);
        }
    }

    /**
     * The delivery limit counts deliveries that ended without a result. Two workers with two slots, batches of
     * up to 8 and a delivery limit of 2 take 40 tasks of 150 ms; the first is stopped (drained) half-way. No
     * healthy task may come back REJECTED for its delivery count: nothing died.
     */
    @Test
    void tasksHandedAroundByBatchingAndDrainAreNeverDeadLetteredForTheirDeliveryCount(KafkaCluster kafka)
            throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        Set<String> ids = sendSleepTasks(clients, topics, 40, 150);
        WorkerConfig config = config(topics, "workers-handbacks", 2).withPrefetch(8).withDeliveryLimit(2);
        HandlerRegistry handlers = HandlerRegistry.discover(getClass().getClassLoader());
        try (Worker second = Worker.start(clients, config, handlers)) {
            try (Worker first = Worker.start(clients, config, handlers)) {
                new TopicReader(clients).readAtLeast(topics.results(), 10, WAIT);
            } // drained here, with tasks still to go

            List<ResultMessage> results = results(new TopicReader(clients).readAtLeast(topics.results(), 40, WAIT));
            assertThat(results.stream().map(ResultMessage::id).collect(Collectors.toSet())).isEqualTo(ids);
            assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.id() + ": " + r.error())
                    .isEqualTo(TaskStatus.SUCCEEDED));
            assertThat(new TopicReader(clients).readToEnd(topics.deadLetters(), WAIT)).isEmpty();
        }
    }

    @Test
    void aRetriableFailureIsRetriedWithBackoffUpToTheTasksAttempts(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        WorkerConfig config = config(topics, "workers-retry", 2)
                .withRetry(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Set.of()));
        try (Worker worker = Worker.start(clients, config, HandlerRegistry.discover(getClass().getClassLoader()))) {
            send(clients, topics.tasks(), List.of(
                    codec.encode(new TaskMessage(1, "flaky", "run", 0, "fail",
                            codec.mapper().readTree("{\"message\":\"db busy\",\"untilAttempt\":3}"), 1L, 1, 3, 0)),
                    codec.encode(new TaskMessage(1, "down", "run", 1, "fail",
                            codec.mapper().readTree("{\"message\":\"db down\",\"untilAttempt\":9}"), 1L, 1, 2, 0))));

            Map<String, ResultMessage> byId = results(new TopicReader(clients).readAtLeast(topics.results(), 2, WAIT))
                    .stream().collect(Collectors.toMap(ResultMessage::id, Function.identity()));

            assertThat(byId.get("flaky").status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(byId.get("flaky").attempt()).isEqualTo(3);
            assertThat(byId.get("flaky").value().asText()).isEqualTo("succeeded on attempt 3");
            assertThat(byId.get("down").status()).isEqualTo(TaskStatus.FAILED);
            assertThat(byId.get("down").error().message()).isEqualTo("db down (attempt 2) (after 2 attempts)");
        }
    }

    @Test
    void aConsumerGroupWorkerRunsATaskLongerThanThePollIntervalOnce(KafkaCluster kafka) throws Exception {
        // max.poll.interval.ms of 3 s, a task of 10 s: the poll loop must keep polling (paused) while it runs.
        KafkaClients clients = new KafkaClients(new io.taskrunner.core.kafka.KafkaSettings(kafka.bootstrapServers(),
                Map.of("max.poll.interval.ms", "3000"), io.taskrunner.core.kafka.KafkaSettings.DEFAULT_CONNECT_TIMEOUT));
        Topics topics = kafka.freshTopics();
        WorkerConfig config = config(topics, "workers-consumer-long", 1).withSource(TaskSourceKind.CONSUMER)
                .withGroupId("workers-consumer-long");
        WorkerMetrics metrics = WorkerMetrics.inMemory();
        try (Worker worker = Worker.start(clients, config, HandlerRegistry.discover(getClass().getClassLoader()), metrics)) {
            send(clients, topics.tasks(), List.of(task("long", 0, "sleep", "{\"ms\":10000}"),
                    task("next", 1, "echo", "1")));

            // A rebalance would hand the uncommitted task to the worker again and run it a second time.
            awaitSettled(clients, topics, "workers-consumer-long", TaskSourceKind.CONSUMER, metrics);
            List<ResultMessage> results = allResults(clients, topics);

            ResultGuarantees.assertEachAnsweredOnce(Set.of("long", "next"), results);
            assertThat(worker.termination()).isNotDone();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
