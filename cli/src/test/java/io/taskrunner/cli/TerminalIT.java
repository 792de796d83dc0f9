package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.TaskrunnerProcess;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a real terminal: run in a tmux pane, its screen is read back as a person would see it.
 * The live progress line shows while the run is incomplete, and no result line or log line is ever printed
 * onto it; once the run is complete it is gone, leaving the results and the summary.
 */
class TerminalIT {
    private static final int TASKS = 120;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private final String server = "taskrunner-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void progressLineNeverCollidesWithResultOrLogLines() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir);
             KafkaProducer<String, byte[]> producer = deployment.clients().producer("screen", Map.of())) {
            deployment.clients().ensureTopics(Topics.defaults());
            ProtocolCodec codec = new ProtocolCodec();
            int partition = RunPartitioner.partition("screen", producer.partitionsFor(Topics.DEFAULT_RESULTS).size());
            producer.send(record(partition, codec.encode(RunSealed.of("screen", TASKS)))).get();
            sendResults(producer, codec, partition, 0, TASKS / 2);

            List<String> command = new ArrayList<>(TaskrunnerProcess.launcher(TaskrunnerProcess.TEST_JVM));
            command.addAll(List.of("collector", "--bootstrap-servers", deployment.bootstrap(), "--run", "screen",
                    "--timeout", "2m"));
            Path script = dir.resolve("collect.sh");
            Files.writeString(script, command.stream().map(TerminalIT::quoted).collect(Collectors.joining(" "))
                    + "; echo $? > " + quoted(dir.resolve("exit").toString()) + "; exec sleep 600\n");
            tmux("new-session", "-d", "-s", "screen", "-x", "200", "-y", "50", "bash " + quoted(script.toString()));
            try {
                Await.until("a progress line on the screen", TIMEOUT,
                        () -> screen().stream().anyMatch(line -> line.startsWith(TASKS / 2 + "/" + TASKS + " done")));

                // A record the collector cannot read: it logs a warning on stderr while the progress line is up.
                producer.send(new ProducerRecord<>(Topics.DEFAULT_RESULTS, partition, "screen",
                        "not json".getBytes(StandardCharsets.UTF_8))).get();
                sendResults(producer, codec, partition, TASKS / 2, TASKS);
                Await.until("the collector to exit", TIMEOUT, () -> Files.exists(dir.resolve("exit"))
                        && !read(dir.resolve("exit")).isBlank());

                List<String> lines = screen();
                assertThat(read(dir.resolve("exit")).trim()).as(String.join("\n", lines)).isEqualTo("0");
                assertThat(lines).as("screen").noneMatch(line -> line.contains(" done, "));
                assertThat(lines.stream().filter(line -> line.matches("Received: task \\d+ result \\(v\\d+\\)")))
                        .hasSize(TASKS);
                assertThat(lines).as("screen").anyMatch(line -> line.matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\w+ - Skipping undecodable record.*"));
                assertThat(lines).as("screen").anyMatch(line -> line.startsWith("run screen complete"));
            } finally {
                tmux("kill-server");
            }
        }
    }

    private static void sendResults(KafkaProducer<String, byte[]> producer, ProtocolCodec codec, int partition,
                                    int from, int to) throws Exception {
        for (int seq = from; seq < to; seq++) {
            ResultMessage result = new ResultMessage(ProtocolCodec.VERSION, ResultMessage.KIND, String.valueOf(seq),
                    "screen", seq, "echo", TaskStatus.SUCCEEDED, TextNode.valueOf("v" + seq), null, 1, "h:1", 1, 2, 3);
            producer.send(record(partition, codec.encode(result)));
        }
        producer.flush();
    }

    private static ProducerRecord<String, byte[]> record(int partition, byte[] value) {
        return new ProducerRecord<>(Topics.DEFAULT_RESULTS, partition, "screen", value);
    }

    /** The pane's lines as shown, history included, wrapped lines joined, trailing blanks dropped. */
    private List<String> screen() {
        return List.of(tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "screen").split("\n")).stream()
                .map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 && !args[0].equals("kill-server")) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("this test reads a real terminal through tmux; install it "
                    + "(Debian: apt-get install tmux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
