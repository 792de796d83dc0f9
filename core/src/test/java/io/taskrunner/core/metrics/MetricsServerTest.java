package io.taskrunner.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusTextWithTheApplicationTagAndJvmMetrics() throws Exception {
        PrometheusMeterRegistry registry = MetricsRegistries.prometheus("worker");
        registry.counter("taskrunner.tasks.started", "type", "sleep").increment(3);
        try (MetricsServer server = MetricsServer.start(0, registry, () -> true)) {
            HttpResponse<String> response = get(server, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("taskrunner_tasks_started_total{application=\"worker\",type=\"sleep\"} 3.0")
                    .contains("jvm_memory_used_bytes").contains("process_cpu_usage");
        }
    }

    @Test
    void healthFollowsReadiness() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = MetricsServer.start(0, MetricsRegistries.prometheus("collector"), ready::get)) {
            assertThat(get(server, "/health").statusCode()).isEqualTo(503);
            ready.set(true);
            HttpResponse<String> up = get(server, "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("UP\n");
        }
    }

    @Test
    void aPortInUseIsNamed() {
        try (MetricsServer first = MetricsServer.start(0, MetricsRegistries.prometheus("worker"), () -> true)) {
            assertThatThrownBy(() -> MetricsServer.start(first.port(), MetricsRegistries.prometheus("worker"), () -> true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--metrics-port " + first.port() + " cannot be used");
        }
    }
}
