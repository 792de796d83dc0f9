package io.taskrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.client.TaskClient;
import io.taskrunner.client.TaskClientConfig;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The examples run as documented: a worker process with the example handler on its class path. */
@ExtendWith(RealKafkaExtension.class)
class ExamplesIT {
    @TempDir
    Path dir;

    @Test
    void theSeedScenarioAndTheCustomHandlerRunOnARealWorker(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskrunnerProcess worker = TaskrunnerProcess.startFromClassPath(dir, "worker", "worker",
                "--bootstrap-servers", kafka.bootstrapServers(), "--tasks-topic", topics.tasks(), "--results-topic",
                topics.results(), "--dead-letter-topic", topics.deadLetters(), "--control-topic", topics.control(),
                "--group", "examples", "--concurrency", "5");
             Admin admin = new KafkaClients(kafka.settings()).admin()) {
            ShareGroups.awaitAssignedMembers(admin, "examples", 5, Duration.ofSeconds(90));
            try (TaskClient client = TaskClient.connect(TaskClientConfig.of(kafka.bootstrapServers())
                    .withTopics(topics))) {
                JsonNode counts = client.submit("word-count", Map.of("text", "the cat and the hat"), JsonNode.class)
                        .join();
                assertThat(counts.get("the").asInt()).isEqualTo(2);
                assertThat(counts.get("hat").asInt()).isEqualTo(1);

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                SeedScenario.run(client, new Random(3), new PrintStream(out, true, StandardCharsets.UTF_8));

                List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
                assertThat(lines).filteredOn(line -> line.startsWith("Received: task ")).hasSize(5)
                        .allSatisfy(line -> assertThat(line).matches("Received: task [0-9]+ result \\(slept [1-4]s\\)"));
                assertThat(lines).filteredOn(line -> line.matches("Received: slept [1-4]s")).hasSize(5);
                assertThat(worker.stderr()).contains("word-count");
            }
        }
    }
}
