package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.broker.BrokerConfig;
import io.taskrunner.broker.InProcessBroker;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that takes SASL/PLAIN only: with {@code --kafka-config} the worker, producer and collector work
 * unchanged; without credentials, or with wrong ones, a client is refused with a message that says why.
 */
class SaslIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

    @TempDir
    Path dir;

    private static Map<String, String> saslBroker(String host, int port) {
        return Map.of(
                "listeners", "SASL_PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + freePort(),
                "advertised.listeners", "SASL_PLAINTEXT://" + host + ":" + port,
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS
                        + "username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\" "
                        + "user_alice=\"alice-secret\";");
    }

    private Path clientConfig(String name, String user, String password) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS
                + "username=\\\"" + user + "\\\" password=\\\"" + password + "\\\";\n");
        return file;
    }

    @Test
    void authenticatedProcessesWorkAndOthersAreRefusedClearly() throws Exception {
        int port = freePort();
        Map<String, String> overrides = saslBroker("127.0.0.1", port);
        int controllerPort = Integer.parseInt(overrides.get("listeners").replaceAll(".*:", ""));
        String bootstrap = "127.0.0.1:" + port;
        try (InProcessBroker broker = InProcessBroker.start(new BrokerConfig("127.0.0.1", port, controllerPort,
                dir.resolve("data"), overrides))) {
            Path alice = clientConfig("alice.properties", "alice", "alice-secret");
            try (TaskrunnerProcess worker = TaskrunnerProcess.start(dir, "worker", "worker", "--bootstrap-servers",
                    bootstrap, "--kafka-config", alice.toString());
                 Admin admin = new KafkaClients(KafkaSettings.of(bootstrap, alice)).admin()) {
                ShareGroups.awaitAssignedMembers(admin, WorkerConfig.DEFAULT_GROUP, 3, WAIT);
                TaskrunnerProcess producer = TaskrunnerProcess.start(dir, "producer", "producer", "--bootstrap-servers",
                        bootstrap, "--kafka-config", alice.toString(), "--run", "secure", "--count", "20",
                        "--type", "echo", "--payload", "\"hi\"");
                assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
                TaskrunnerProcess collector = TaskrunnerProcess.start(dir, "collector", "collector",
                        "--bootstrap-servers", bootstrap, "--kafka-config", alice.toString(), "--run", "secure",
                        "--format", "jsonl", "--timeout", "2m");
                assertThat(collector.awaitExit(WAIT)).as(collector.stderr()).isZero();
                assertThat(ProcessFixtures.jsonResults(collector.stdout())).hasSize(20)
                        .allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED));
            }

            TaskrunnerProcess wrongPassword = TaskrunnerProcess.start(dir, "wrong", "producer", "--bootstrap-servers",
                    bootstrap, "--kafka-config", clientConfig("mallory.properties", "alice", "guess").toString(),
                    "--run", "x", "--count", "1", "--type", "echo", "--connect-timeout", "10s");
            assertThat(wrongPassword.awaitExit(WAIT)).isEqualTo(Main.EXIT_ERROR);
            assertThat(wrongPassword.stderr()).contains("Kafka at " + bootstrap + " refused the credentials")
                    .contains("--kafka-config");

            TaskrunnerProcess anonymous = TaskrunnerProcess.start(dir, "anonymous", "producer", "--bootstrap-servers",
                    bootstrap, "--run", "x", "--count", "1", "--type", "echo", "--connect-timeout", "5s");
            assertThat(anonymous.awaitExit(WAIT)).isEqualTo(Main.EXIT_ERROR);
            assertThat(anonymous.stderr()).contains("did not answer within 5s")
                    .contains("security settings (SASL, TLS)");
        }
    }
}
