package io.taskrunner.bench;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 4: a submission-order collector whose head result (seq 0) never arrives holds every other
 * result back. Heap per held-back result is the growth of the collector process's live heap (a full
 * collection by {@code jcmd GC.class_histogram}, every object counted) between {@code first} and
 * {@code second} held-back results, divided by the difference, so the process's fixed footprint cancels
 * out. Measured for several result payload sizes: the target is a per-result cost that does not grow with
 * the payload.
 */
final class HeldBackHeap {
    private static final Pattern BUFFERED = Pattern.compile("(?m)^taskrunner_reorder_buffered\\{[^}]*} (\\S+)");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private final BenchCluster cluster;
    private final int first;
    private final int second;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    HeldBackHeap(BenchCluster cluster, int first, int second) {
        this.cluster = cluster;
        this.first = first;
        this.second = second;
    }

    /** Bytes of collector heap per held-back result whose value is a {@code payloadBytes}-byte string. */
    double bytesPerResult(String name, int payloadBytes) throws Exception {
        Topics topics = Topics.defaults().withPrefix("bench-heldback-" + name + ".");
        cluster.clients().ensureTopics(topics);
        String run = "heldback-" + name;
        int port = BenchCluster.freePort();
        try (TaskrunnerProcess collector = cluster.start("heldback-" + name, "collector", topics, List.of(
                "--run", run, "--order", "submission", "--metrics-port", "" + port, "--group", "bench-" + run))) {
            writeResults(topics, run, 1, first, payloadBytes);
            awaitBuffered(port, first);
            long heapAtFirst = liveHeapBytes(collector.pid());
            writeResults(topics, run, first + 1, second, payloadBytes);
            awaitBuffered(port, second);
            long heapAtSecond = liveHeapBytes(collector.pid());
            return (double) (heapAtSecond - heapAtFirst) / (second - first);
        }
    }

    /** Results for seq {@code from..to} of {@code run}: never seq 0, so all of them are held back. */
    private void writeResults(Topics topics, String run, int from, int to, int payloadBytes) {
        String value = "v".repeat(payloadBytes);
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-heldback", Pipes.LOADER)) {
            int partitions = producer.partitionsFor(topics.results()).size();
            int partition = RunPartitioner.partition(run, partitions);
            Sends sends = new Sends();
            long now = System.currentTimeMillis();
            for (int seq = from; seq <= to; seq++) {
                TaskMessage task = TaskMessage.first(String.valueOf(seq), run, seq, "echo",
                        codec.mapper().createObjectNode(), now);
                ResultMessage result = ResultMessage.of(task, TaskStatus.SUCCEEDED,
                        codec.mapper().valueToTree(value), null, "bench", now, now);
                producer.send(new ProducerRecord<>(topics.results(), partition, run, codec.encode(result)), sends);
            }
            producer.flush();
            sends.check("writing held-back results");
        }
    }

    private void awaitBuffered(int port, long count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        double seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher matcher = BUFFERED.matcher(metrics);
                if (matcher.find()) {
                    seen = Double.parseDouble(matcher.group(1));
                    if (seen >= count) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the endpoint comes up with the collector
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("collector holds " + seen + " results back, expected " + count);
    }

    /** Live heap after a full collection, from {@code jcmd PID GC.class_histogram} (which runs one). */
    private static long liveHeapBytes(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed: " + output);
        }
        Matcher matcher = TOTAL.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no total in jcmd output: " + output);
        }
        return Long.parseLong(matcher.group(1));
    }
}
