package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.broker.BrokerConfig;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** An in-process broker that takes SASL/PLAIN clients only, and the client settings that log in to it. */
final class SaslBroker {
    static final Duration WAIT = Duration.ofSeconds(90);
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

    private SaslBroker() {
    }

    /**
     * A broker on 127.0.0.1:{@code port} whose users are {@code users} (name to password) besides its own,
     * {@code broker}; {@code more} settings on top (an authorizer, say). Its controller listener is plain.
     */
    static BrokerConfig config(Path dataDir, int port, Map<String, String> users, Map<String, String> more) {
        int controllerPort = freePort();
        StringBuilder jaas = new StringBuilder(JAAS + "username=\"broker\" password=\"broker-secret\" "
                + "user_broker=\"broker-secret\"");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        Map<String, String> overrides = new HashMap<>(Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas + ";"));
        overrides.putAll(more);
        return new BrokerConfig("127.0.0.1", port, controllerPort, dataDir, overrides);
    }

    /** A {@code --kafka-config} file in {@code dir} that logs in as {@code user}. */
    static Path clientConfig(Path dir, String user, String password) throws IOException {
        Path file = dir.resolve(user + "-" + password + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS
                + "username=\\\"" + user + "\\\" password=\\\"" + password + "\\\";\n");
        return file;
    }

    /**
     * Runs 20 {@code echo} tasks through a worker, a producer and a collector, each process logged in with
     * its own {@code --kafka-config}, and checks that every one succeeded.
     */
    static void runTasks(Path dir, String bootstrap, Path workerLogin, Path producerLogin, Path collectorLogin)
            throws Exception {
        try (TaskrunnerProcess worker = TaskrunnerProcess.start(dir, "worker", "worker", "--bootstrap-servers",
                bootstrap, "--kafka-config", workerLogin.toString());
             Admin admin = new KafkaClients(KafkaSettings.of(bootstrap, workerLogin)).admin()) {
            ShareGroups.awaitAssignedMembers(admin, WorkerConfig.DEFAULT_GROUP, 3, WAIT);
            try (TaskrunnerProcess producer = TaskrunnerProcess.start(dir, "producer", "producer",
                    "--bootstrap-servers", bootstrap, "--kafka-config", producerLogin.toString(), "--run", "secure",
                    "--count", "20", "--type", "echo", "--payload", "\"hi\"")) {
                assertThat(producer.awaitExit(WAIT)).as(producer.stderr()).isZero();
            }
            try (TaskrunnerProcess collector = TaskrunnerProcess.start(dir, "collector", "collector",
                    "--bootstrap-servers", bootstrap, "--kafka-config", collectorLogin.toString(), "--run", "secure",
                    "--format", "jsonl", "--timeout", "2m")) {
                assertThat(collector.awaitExit(WAIT)).as(collector.stderr()).isZero();
                assertThat(ProcessFixtures.jsonResults(collector.stdout())).hasSize(20)
                        .allSatisfy(r -> assertThat(r.status()).isEqualTo(TaskStatus.SUCCEEDED));
            }
        }
    }
}
