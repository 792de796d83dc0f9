package io.taskrunner.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A process's {@code --metrics-port} as a test sees it: values read from {@code /metrics} (Prometheus text)
 * and the status of {@code /health}. Lets a test wait for what the process reports, not for its log lines.
 */
public final class MetricsEndpoint {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    public MetricsEndpoint(int port) {
        this.port = port;
    }

    /**
     * The sum of every sample named {@code name} (any labels), e.g. {@code taskrunner_tasks_started_total};
     * NaN while the endpoint does not answer or does not have it yet.
     */
    public double value(String name) {
        String body = get("/metrics").body();
        if (body == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean seen = false;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                seen = true;
            }
        }
        return seen ? sum : Double.NaN;
    }

    /** Waits until {@link #value} reaches {@code atLeast}. */
    public void awaitAtLeast(String name, double atLeast, Duration timeout) throws InterruptedException {
        Await.until(name + " >= " + atLeast + " on port " + port, timeout, () -> value(name) >= atLeast);
    }

    /** The HTTP status of {@code /health}, or -1 while nothing answers. */
    public int health() {
        return get("/health").status();
    }

    /** Waits until {@code /health} answers {@code status} (200 ready, 503 not ready or stopping). */
    public void awaitHealth(int status, Duration timeout) throws InterruptedException {
        Await.until("/health answers " + status + " on port " + port, timeout, () -> health() == status);
    }

    private Answer get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null);
        }
    }

    private record Answer(int status, String body) {
    }
}
