package io.taskrunner.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.TopicReader;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.Worker;
import io.taskrunner.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web view against a real broker and a real worker: what it serves as JSON and pushes as events. */
@ExtendWith(RealKafkaExtension.class)
class WebViewIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ProtocolCodec codec = new ProtocolCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Sends {@code sleep} tasks of 100 ms 0..count-2 and one {@code fail} task, then seals the run. */
    private void submit(KafkaClients clients, Topics topics, String run, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-submitter", Map.of())) {
            for (int seq = 0; seq < count; seq++) {
                boolean fail = seq == count - 1;
                TaskMessage task = TaskMessage.first(String.valueOf(seq), run, seq, fail ? "fail" : "sleep",
                        codec.mapper().readTree(fail ? "{\"message\":\"disk full\"}" : "{\"ms\":100}"),
                        System.currentTimeMillis());
                producer.send(new ProducerRecord<>(topics.tasks(), task.id(), codec.encode(task)));
            }
            producer.send(new ProducerRecord<>(topics.tasks(), "x", "{ not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topics.results(), run, codec.encode(RunSealed.of(run, count)))).get();
        }
    }

    private HttpResponse<String> get(WebView view, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + view.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(WebView view, String path) {
        HttpResponse<String> response = get(view, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return read(response.body());
    }

    private HttpResponse<String> post(WebView view, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + view.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunOfARealWorkerIsPushedLiveAndServedAsJsonAndAViewStartedLaterRebuildsIt(KafkaCluster kafka)
            throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        List<String> events = new CopyOnWriteArrayList<>();
        try (WebView view = WebView.start(clients, UiConfig.of(topics, 0))) {
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + view.port() + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body()
                    .filter(line -> line.startsWith("data: ")).forEach(line -> events.add(line.substring(6))));
            Await.until("a first event", WAIT, () -> !events.isEmpty());
            assertThat(codec.mapper().readTree(events.get(0)).get("runs")).as("nothing yet").isEmpty();

            try (Worker worker = Worker.start(clients, WorkerConfig.defaults(topics).withGroupId(topics.tasks() + ".g")
                    .withConcurrency(2), HandlerRegistry.discover(getClass().getClassLoader()))) {
                submit(clients, topics, "r1", 21);
                AtomicReference<JsonNode> complete = new AtomicReference<>();
                Await.until(() -> "an event with run r1 complete; last: " + (events.isEmpty() ? "none"
                        : events.get(events.size() - 1)), WAIT, () -> {
                    for (String event : events) {
                        JsonNode run = read(event).get("runs").path(0);
                        if (run.path("complete").asBoolean()) {
                            complete.set(run);
                            return true;
                        }
                    }
                    return false;
                });
                assertThat(complete.get().get("done").asLong()).isEqualTo(21);
                assertThat(complete.get().get("failed").asLong()).isEqualTo(1);
                assertThat(events).as("pushed while the run progressed, not only at its end").anySatisfy(event -> {
                    JsonNode run = read(event).get("runs").path(0);
                    assertThat(run.path("run").asText()).isEqualTo("r1");
                    assertThat(run.path("done").asLong()).isLessThan(21);
                });

                JsonNode failed = json(view, "/api/runs/r1/tasks?status=FAILED");
                assertThat(failed.get("total").asLong()).isEqualTo(1);
                JsonNode error = failed.get("tasks").get(0).get("error");
                assertThat(error.get("type").asText()).isEqualTo("RequestedFailure");
                assertThat(error.get("message").asText()).isEqualTo("disk full");
                assertThat(error.get("trace").asText()).contains("at io.taskrunner.worker.handlers.FailHandler.handle(");
                JsonNode page = json(view, "/api/runs/r1/tasks?page=1&size=10");
                assertThat(page.get("tasks")).extracting(task -> task.get("seq").asLong()).startsWith(10L, 11L);
                assertThat(json(view, "/api/runs/r1/tasks/3").get("worker").asText()).isEqualTo(worker.identity());

                Await.until("the worker listed with its slots", WAIT, () -> {
                    JsonNode workers = json(view, "/api/workers").get("workers");
                    return workers.size() == 1 && workers.get(0).get("worker").asText().equals(worker.identity())
                            && workers.get(0).get("slots").asInt() == 2 && !workers.get(0).get("stale").asBoolean();
                });
                Await.until("the undecodable task dead-lettered", WAIT,
                        () -> json(view, "/api/dead-letters").get("total").asLong() == 1);
                assertThat(json(view, "/api/dead-letters").get("entries").get(0).get("reason").asText())
                        .isEqualTo("undecodable");
            }
        }
        try (WebView restarted = WebView.start(clients, UiConfig.of(topics, 0))) {
            assertThat(restarted.awaitCaughtUp(WAIT)).isTrue();
            JsonNode run = json(restarted, "/api/runs/r1");
            assertThat(run.get("complete").asBoolean()).isTrue();
            assertThat(run.get("done").asLong()).isEqualTo(21);
            assertThat(json(restarted, "/api/runs/r1/tasks?status=FAILED").get("tasks").get(0).get("error")
                    .get("message").asText()).isEqualTo("disk full");
            Await.until("the stopped worker listed as stopped", WAIT, () -> {
                JsonNode workers = json(restarted, "/api/workers").get("workers");
                return workers.size() == 1 && workers.get(0).get("stopped").asBoolean();
            });
        }
    }

    private JsonNode read(String event) {
        try {
            return codec.mapper().readTree(event);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aViewIsReadOnlyUnlessCancellingIsAllowedAndThenCancelsThroughTheControlTopic(KafkaCluster kafka)
            throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        try (WebView readOnly = WebView.start(clients, UiConfig.of(topics, 0))) {
            HttpResponse<String> refused = post(readOnly, "/api/runs/r2/cancel", "X-Taskrunner-Action", "cancel");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("read-only").contains("--allow-cancel");
        }
        try (WebView view = WebView.start(clients, UiConfig.of(topics, 0).withCancel(true))) {
            assertThat(post(view, "/api/runs/r2/cancel").statusCode()).as("no action header").isEqualTo(400);
            assertThat(post(view, "/api/runs/r2/tasks/7/cancel", "X-Taskrunner-Action", "cancel").statusCode())
                    .isEqualTo(202);
            assertThat(post(view, "/api/runs/r2/cancel", "X-Taskrunner-Action", "cancel").statusCode()).isEqualTo(202);

            List<Cancellation> written = new TopicReader(clients).readAtLeast(topics.control(), 2, WAIT).stream()
                    .map(record -> codec.decodeCancellation(record.value())).toList();
            assertThat(written).extracting(Cancellation::run, Cancellation::id)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("r2", "7"),
                            org.assertj.core.groups.Tuple.tuple("r2", null));
            Await.until("the run shown cancelled", WAIT, () -> get(view, "/api/runs/r2").statusCode() == 200
                    && json(view, "/api/runs/r2").get("cancelled").asBoolean());
        }
    }

    @Test
    void aTokenProtectsThePageTheApiAndTheEvents(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        String token = "s3cret-token";
        try (WebView view = WebView.start(clients, UiConfig.of(topics, 0).withToken(token))) {
            for (String path : List.of("/", "/api/runs", "/api/events", "/app.js")) {
                assertThat(get(view, path).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(get(view, "/api/runs", "Authorization", "Bearer wrong-token").statusCode()).isEqualTo(401);
            assertThat(get(view, "/api/runs", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

            HttpResponse<String> opened = get(view, "/?token=" + token);
            assertThat(opened.statusCode()).isEqualTo(303);
            String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            HttpResponse<String> page = get(view, "/", "Cookie", cookie.substring(0, cookie.indexOf(';')));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>taskrunner</title>");
        }
    }

    @Test
    void badRequestsGetClearErrors(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (WebView view = WebView.start(clients, UiConfig.of(kafka.freshTopics(), 0))) {
            HttpResponse<String> badPage = get(view, "/api/runs/r/tasks?page=x");
            assertThat(badPage.statusCode()).isEqualTo(400);
            assertThat(badPage.body()).contains("page must be a whole number");
            assertThat(get(view, "/api/runs/never-seen").statusCode()).isEqualTo(404);
            assertThat(get(view, "/api/nothing").statusCode()).isEqualTo(404);
            assertThat(get(view, "/nothing").statusCode()).isEqualTo(404);
        }
        assertThat(UiConfig.of(Topics.defaults(), 0).host()).as("bound to loopback unless told").isEqualTo("127.0.0.1");
    }

    @Test
    void aViewOnLoopbackWithoutATokenAnswersOnlyRequestsAddressedToLoopback(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (WebView view = WebView.start(clients, UiConfig.of(kafka.freshTopics(), 0))) {
            // What a page that pointed its own name at 127.0.0.1 (DNS rebinding) would send.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", view.port())) {
                socket.getOutputStream().write(("GET /api/runs HTTP/1.1\r\nHost: attacker.example:" + view.port()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 403").contains("answers only to localhost");
            }
            assertThat(get(view, "/api/runs").statusCode()).as("Host: 127.0.0.1").isEqualTo(200);
        }
    }
}
