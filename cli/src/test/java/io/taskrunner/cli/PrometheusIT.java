package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.testing.TaskrunnerProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring for real: a Prometheus server scrapes two worker processes and the collector, and its HTTP
 * API reports as many completed tasks as were submitted. Needs the {@code prometheus} binary (Debian
 * package prometheus, installed by .ci/run).
 */
class PrometheusIT {
    private static final int TASKS = 300;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void prometheusSeesEveryCompletedTask() throws Exception {
        PrometheusTools.require("prometheus");
        int worker1Port = freePort();
        int worker2Port = freePort();
        int collectorPort = freePort();
        int prometheusPort = freePort();
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess worker1 = deployment.worker("--metrics-port", "" + worker1Port);
            TaskrunnerProcess worker2 = deployment.worker("--metrics-port", "" + worker2Port);
            deployment.awaitWorkerSlots(6);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:", "  scrape_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: taskrunner-workers",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + worker1Port + "', '127.0.0.1:" + worker2Port + "']",
                    "  - job_name: taskrunner-collector",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + collectorPort + "']", ""));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                TaskrunnerProcess collector = deployment.run("collector", "collector", "--run", "watched",
                        "--timeout", "3m", "--metrics-port", "" + collectorPort);
                TaskrunnerProcess producer = deployment.run("producer", "producer", "--run", "watched", "--count",
                        "" + TASKS, "--type", "sleep", "--payload", "{\"minMs\":0,\"maxMs\":20}");
                assertThat(producer.awaitExit(LocalDeployment.START)).as(producer.stderr()).isZero();
                assertThat(collector.awaitExit(Duration.ofMinutes(3))).as(collector.stderr()).isZero();

                String query = "sum(taskrunner_tasks_completed_total{job=\"taskrunner-workers\",status=\"SUCCEEDED\"})";
                double completed = awaitValue(prometheusPort, query, TASKS);
                assertThat(completed).isEqualTo(TASKS);
                assertThat(awaitValue(prometheusPort, "count(up{job=\"taskrunner-workers\"} == 1)", 2)).isEqualTo(2);
                assertThat(worker1.isAlive() && worker2.isAlive()).isTrue();
                System.out.printf("PrometheusIT: submitted=%d completed per Prometheus=%.0f%n", TASKS, completed);
            } finally {
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }

    /** Polls Prometheus' query API until the query's single value reaches {@code expected}; returns the last value. */
    private double awaitValue(int port, String query, double expected) throws Exception {
        double last = Double.NaN;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode result = new ObjectMapper().readTree(response.body()).path("data").path("result");
                if (result.size() == 1) {
                    last = result.get(0).path("value").get(1).asDouble();
                    if (last >= expected) {
                        return last;
                    }
                }
            } catch (java.io.IOException e) {
                // Prometheus not listening yet
            }
            Thread.sleep(500);
        }
        return last;
    }
}
