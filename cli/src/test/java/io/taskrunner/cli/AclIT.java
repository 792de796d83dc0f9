package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.broker.InProcessBroker;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.TaskrunnerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with ACLs (Kafka's {@code StandardAuthorizer}): a worker, a producer, a collector and a read-only
 * web view each run with the rights the README lists (README, "On a cluster with ACLs"): on the topics it uses
 * and nothing else; and the topics a client may neither see nor create are named in its error.
 */
class AclIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static InProcessBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBrokerWithAcls() throws Exception {
        int port = freePort();
        bootstrap = "127.0.0.1:" + port;
        broker = InProcessBroker.start(SaslBroker.config(dir.resolve("data"), port,
                Map.of("worker", "w", "submitter", "s", "reader", "r", "viewer", "v"),
                Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        // the broker itself, and the controller listener, which is plain
                        "super.users", "User:broker;User:ANONYMOUS")));
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.READ,
                AclOperation.WRITE)) {
            acls.add(allow("worker", ResourceType.TOPIC, "taskrunner.", PatternType.PREFIXED, operation));
        }
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS)) {
            acls.add(allow("worker", ResourceType.GROUP, "taskrunner", PatternType.PREFIXED, operation));
        }
        for (String topic : TOPICS.forProducers()) {
            acls.add(allow("submitter", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow("submitter", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : TOPICS.forCollectors()) {
            acls.add(allow("reader", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow("reader", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : TOPICS.forWebView()) {
            acls.add(allow("viewer", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow("viewer", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        try (Admin admin = new KafkaClients(KafkaSettings.of(bootstrap, SaslBroker.clientConfig(dir, "broker",
                "broker-secret"))).admin()) {
            admin.createAcls(acls).all().get(1, TimeUnit.MINUTES);
            // committed by the controller; the broker's authorizer applies them a moment later
            Await.until("the broker applies the ACLs", Duration.ofSeconds(30), () -> aclsApplied(admin) >= acls.size());
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** How many ACLs the broker's authorizer holds: it answers DescribeAcls from its own copy. */
    private static int aclsApplied(Admin admin) {
        try {
            return admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void eachProcessNeedsRightsOnlyOnTheTopicsItUses() throws Exception {
        // the worker makes all six topics; the submitter may not even see three of them
        SaslBroker.runTasks(dir, bootstrap, SaslBroker.clientConfig(dir, "worker", "w"),
                SaslBroker.clientConfig(dir, "submitter", "s"), SaslBroker.clientConfig(dir, "reader", "r"));
        int port = freePort();
        try (TaskrunnerProcess ui = TaskrunnerProcess.start(dir, "ui", "ui", "--bootstrap-servers", bootstrap,
                "--kafka-config", SaslBroker.clientConfig(dir, "viewer", "v").toString(), "--port", "" + port)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // complete, with 20 done: the results and the seal read (submitted is the most of the tasks read, the
            // seal's count and the results, so it does not show the tasks read); a stopped worker: its status
            Await.until(() -> "the web view to show run secure complete and its worker; " + ui.stderr(),
                    SaslBroker.WAIT, () -> {
                        JsonNode run = get(http, port, "/api/runs/secure");
                        JsonNode workers = get(http, port, "/api/workers");
                        return run != null && run.path("complete").asBoolean() && run.path("submitted").asLong() == 20
                                && run.path("done").asLong() == 20 && workers != null
                                && workers.path("workers").size() == 1;
                    });
            // still reading, every partition fetched since: a right missing on any topic would have stopped it
            try (TaskrunnerProcess cancel = TaskrunnerProcess.start(dir, "cancel", "producer", "cancel",
                    "--bootstrap-servers", bootstrap, "--kafka-config",
                    SaslBroker.clientConfig(dir, "submitter", "s").toString(), "--run", "later")) {
                assertThat(cancel.awaitExit(SaslBroker.WAIT)).as(cancel.stderr()).isZero();
            }
            Await.until(() -> "the web view to show the cancel of run later; " + ui.stderr(), SaslBroker.WAIT,
                    () -> {
                        JsonNode later = get(http, port, "/api/runs/later");
                        return later != null && later.path("cancelled").asBoolean();
                    });
        }
    }

    /** The JSON at {@code path}, or null when the view does not answer it (yet) with 200. */
    private static JsonNode get(HttpClient http, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void aTopicTheClientMayNeitherSeeNorCreateIsNamed() throws Exception {
        try (TaskrunnerProcess producer = TaskrunnerProcess.start(dir, "elsewhere", "producer",
                "--bootstrap-servers", bootstrap, "--kafka-config", SaslBroker.clientConfig(dir, "submitter", "s")
                        .toString(), "--tasks-topic", "elsewhere.tasks", "--results-topic", "elsewhere.results",
                "--control-topic", "elsewhere.control", "--run", "x", "--count", "1", "--type", "echo")) {
            assertThat(producer.awaitExit(SaslBroker.WAIT)).isEqualTo(Main.EXIT_ERROR);
            assertThat(producer.stderr())
                    .contains("does not let this client create topics [elsewhere.control, elsewhere.results, "
                            + "elsewhere.tasks]")
                    .contains("grant this client's principal CREATE and DESCRIBE");
        }
    }
}
