package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.jsonResults;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.ResultGuarantees;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector is restartable and bounded: killed and started again it finishes the file exactly once. */
class CollectorRestartIT {
    private static final int TASKS = 2000;

    @TempDir
    Path dir;

    private static long lines(Path file) {
        return ProcessFixtures.lineCount(file);
    }

    @Test
    void aCollectorKilledTwiceMidRunFinishesTheFileInSubmissionOrderWithNoLineTwice() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            deployment.worker("--concurrency", "3");
            deployment.worker("--concurrency", "3");
            deployment.awaitWorkerSlots(6);
            Path output = dir.resolve("ordered.jsonl");
            String[] collect = {"collector", "--run", "restart", "--order", "submission", "--format", "jsonl",
                    "--output", output.toString(), "--timeout", "5m"};
            // Task TASKS/2 waits at a gate: in submission order the file cannot pass it until the test opens
            // it, so the run is still incomplete (and the collector running) at both kills.
            Gate gate = new Gate(dir, "middle");
            Path input = dir.resolve("tasks.jsonl");
            java.util.Random random = new java.util.Random(9);
            StringBuilder tasks = new StringBuilder();
            for (int seq = 0; seq < TASKS; seq++) {
                tasks.append(seq == TASKS / 2 ? gate.taskLine()
                        : "{\"type\":\"sleep\",\"payload\":{\"ms\":" + (1 + random.nextInt(40)) + "}}\n");
            }
            Files.writeString(input, tasks);
            TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "restart", "--input",
                    input.toString());
            assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();

            long[] seenAtKill = new long[2];
            for (int kill = 0; kill < 2; kill++) {
                TaskrunnerProcess collector = deployment.run("collector-" + kill, collect);
                long target = (kill + 1) * TASKS / 4;
                Await.until(target + " lines in the output", Duration.ofMinutes(2), () -> lines(output) >= target);
                assertThat(collector.isAlive()).as("collector still running at the kill").isTrue();
                collector.kill();
                seenAtKill[kill] = lines(output);
            }
            assertThat(seenAtKill[1]).as("lines at the second kill").isLessThan(TASKS);
            gate.open();
            TaskrunnerProcess last = deployment.run("collector-last", collect);
            assertThat(last.awaitExit(Duration.ofMinutes(5))).as(last.stderr()).isZero();

            List<ResultMessage> results = jsonResults(Files.readString(output));
            ResultGuarantees.assertEachAnsweredOnce(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList(),
                    results);
            ResultGuarantees.assertSubmissionOrder(results);
            System.out.printf("CollectorRestartIT: tasks=%d lines at first kill=%d at second kill=%d final lines=%d%n",
                    TASKS, seenAtKill[0], seenAtKill[1], results.size());
        }
    }

    @Test
    void submissionOrderBehindAHeldBackHeadDoesNotHoldPayloadsInMemory() throws Exception {
        // 100,000 in the suite; -Dtaskrunner.test.heldBackResults=1000000 for the full-size measurement.
        int results = Integer.getInteger("taskrunner.test.heldBackResults", 100_000);
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            KafkaClients clients = deployment.clients();
            clients.ensureTopics(Topics.defaults());
            ProtocolCodec codec = new ProtocolCodec();
            String kilobyte = "x".repeat(1000);
            int partition = RunPartitioner.partition("heavy", Topics.DEFAULT_RESULT_PARTITIONS);
            try (KafkaProducer<String, byte[]> producer = clients.producer("heavy", Map.of("linger.ms", 20))) {
                // seq 0 comes last: everything else waits behind it.
                for (int seq = 1; seq <= results; seq++) {
                    producer.send(record(codec, partition, seq == results ? 0 : seq, kilobyte));
                }
                producer.send(new ProducerRecord<>(Topics.DEFAULT_RESULTS, partition, "heavy",
                        codec.encode(RunSealed.of("heavy", results)))).get();
            }
            Path output = dir.resolve("heavy.jsonl");
            // ~100 MB of payloads behind the head; 64 MB of heap could not hold them.
            TaskrunnerProcess collector = TaskrunnerProcess.startWithHeap(dir, "collector-heavy", "64m", "collector",
                    "--bootstrap-servers", deployment.bootstrap(), "--run", "heavy", "--order", "submission",
                    "--format", "jsonl", "--output", output.toString(), "--timeout", "5m");

            assertThat(collector.awaitExit(Duration.ofMinutes(5))).as(collector.stderr()).isZero();
            List<Long> seqs;
            try (var lines = Files.lines(output)) {
                seqs = lines.map(line -> codec.decodeResultsTopic(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .map(m -> ((ResultMessage) m).seq()).toList();
            }
            assertThat(seqs).hasSize(results);
            assertThat(seqs).isSorted().first().isEqualTo(0L);
            System.out.printf("CollectorRestartIT: %d results of 1 KB behind a held-back head collected in order "
                    + "with -Xmx64m; peak heap after a full GC %d MB; full GCs %d%n", results,
                    TaskrunnerProcess.peakHeapAfterGcMb(dir, "collector-heavy"),
                    Files.readAllLines(dir.resolve("collector-heavy.gc.log")).stream()
                            .filter(line -> line.contains("Pause Full")).count());
        }
    }

    private static ProducerRecord<String, byte[]> record(ProtocolCodec codec, int partition, int seq, String payload) {
        ResultMessage result = new ResultMessage(ProtocolCodec.VERSION, ResultMessage.KIND, String.valueOf(seq), "heavy",
                seq, "echo", TaskStatus.SUCCEEDED, com.fasterxml.jackson.databind.node.TextNode.valueOf(payload), null,
                1, "h:1", 1, 2, 3);
        return new ProducerRecord<>(Topics.DEFAULT_RESULTS, partition, "heavy", codec.encode(result));
    }
}
