package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is routed and explained, never fatal: poison records mixed with good tasks, and a task that kills. */
class PoisonIT {
    private final ProtocolCodec codec = new ProtocolCodec();

    @TempDir
    Path dir;

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("taskrunner.reason").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aThousandPoisonRecordsAmongAThousandGoodTasks() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess worker1 = deployment.worker("--concurrency", "3", "--max-payload-bytes", "10000");
            TaskrunnerProcess worker2 = deployment.worker("--concurrency", "3", "--max-payload-bytes", "10000");
            deployment.awaitWorkerSlots(6);
            KafkaClients clients = deployment.clients();
            try (KafkaProducer<String, byte[]> producer = clients.producer("poisoner", Map.of())) {
                for (int i = 0; i < 1000; i++) {
                    producer.send(new ProducerRecord<>(Topics.DEFAULT_TASKS, codec.encode(TaskMessage.first(
                            String.valueOf(i), "good", i, "echo", codec.mapper().readTree("{\"i\":" + i + "}"), 1L))));
                    producer.send(new ProducerRecord<>(Topics.DEFAULT_TASKS, poison(i)));
                }
                producer.send(new ProducerRecord<>(Topics.DEFAULT_RESULTS,
                        RunPartitioner.partition("good", Topics.DEFAULT_RESULT_PARTITIONS), "good",
                        codec.encode(RunSealed.of("good", 1000)))).get();
            }

            TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "good", "--format", "jsonl",
                    "--timeout", "5m");
            assertThat(collector.awaitExit(Duration.ofMinutes(5))).as(collector.stderr()).isZero();
            List<ResultMessage> good = ProcessFixtures.jsonResults(collector.stdout());
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, 1000).mapToObj(String::valueOf).toList(), good);
            assertThat(good).allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED));

            List<ConsumerRecord<String, byte[]>> deadLetters = new TopicReader(clients)
                    .readAtLeast(Topics.DEFAULT_DEAD_LETTERS, 1000, Duration.ofMinutes(1));
            Map<String, Long> reasons = deadLetters.stream().collect(Collectors.groupingBy(PoisonIT::reason,
                    Collectors.counting()));
            assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("undecodable", 250L,
                    "unsupported-version", 250L, "unknown-type", 250L, "oversize", 250L));

            List<ResultMessage> rejected = new TopicReader(clients).readAtLeast(Topics.DEFAULT_RESULTS, 1000 + 1 + 750,
                    Duration.ofMinutes(1)).stream().map(r -> codec.decodeResultsTopic(r.value()))
                    .filter(m -> m instanceof ResultMessage && m.run().equals("bad")).map(ResultMessage.class::cast)
                    .toList();
            assertThat(rejected).hasSize(750).allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.REJECTED));
            assertThat(worker1.isAlive() && worker2.isAlive()).as("both workers still running").isTrue();
            System.out.printf("PoisonIT: good=%d succeeded=%d poison=%d dead-lettered=%s rejected results=%d%n",
                    1000, good.size(), 1000, reasons, rejected.size());
        }
    }

    /** Four kinds of poison in turn: not JSON, a future protocol version, an unknown type, oversize. */
    private byte[] poison(int i) throws Exception {
        String id = "p" + i;
        return switch (i % 4) {
            case 0 -> ("garbage #" + i).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"v\":9,\"id\":\"" + id + "\",\"run\":\"bad\",\"seq\":" + i + ",\"type\":\"echo\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> codec.encode(TaskMessage.first(id, "bad", i, "no-such-type", null, 1L));
            default -> codec.encode(TaskMessage.first(id, "bad", i, "echo",
                    codec.mapper().readTree("{\"blob\":\"" + "x".repeat(20_000) + "\"}"), 1L));
        };
    }

    @Test
    void aTaskThatKillsEveryWorkerItReachesIsDeadLetteredAtTheDeliveryLimit() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            // One slot per worker, so the killer's crashes never take an innocent task down with it.
            String[] workerArgs = {"--concurrency", "1", "--delivery-limit", "3"};
            TaskrunnerProcess[] workers = {deployment.worker(workerArgs), deployment.worker(workerArgs)};
            deployment.awaitWorkerSlots(2);
            Path input = dir.resolve("killer.jsonl");
            Files.writeString(input, "{\"type\":\"crash\"}\n" + "{\"type\":\"echo\",\"payload\":1}\n".repeat(5));
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "killer", "--input",
                    input.toString());
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();
            TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "killer", "--format",
                    "jsonl", "--timeout", "4m");

            int restarts = 0;
            while (collector.isAlive()) {
                for (int i = 0; i < workers.length; i++) {
                    if (!workers[i].isAlive()) {
                        workers[i] = deployment.worker(workerArgs);
                        restarts++;
                    }
                }
                Thread.sleep(300);
            }

            assertThat(collector.awaitExit(Duration.ofSeconds(10))).as(collector.stderr()).isZero();
            Map<String, ResultMessage> byId = ProcessFixtures.jsonResults(collector.stdout()).stream()
                    .collect(Collectors.toMap(ResultMessage::id, r -> r));
            assertThat(byId).hasSize(6);
            assertThat(byId.get("0").status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(byId.get("0").error().type()).isEqualTo("DeliveryLimitReached");
            assertThat(IntStream.rangeClosed(1, 5).mapToObj(i -> byId.get(String.valueOf(i)).status()))
                    .containsOnly(TaskStatus.SUCCEEDED);
            assertThat(restarts).as("workers the killer task took down").isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> deadLetters = new TopicReader(deployment.clients())
                    .readAtLeast(Topics.DEFAULT_DEAD_LETTERS, 1, Duration.ofSeconds(30));
            assertThat(deadLetters).extracting(PoisonIT::reason).containsExactly("delivery-limit");
            assertThat(new String(deadLetters.get(0).headers().lastHeader("taskrunner.delivery.count").value(),
                    StandardCharsets.UTF_8)).isEqualTo("3");
        }
    }
}
