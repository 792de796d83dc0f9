package io.taskrunner.cli;

import static io.taskrunner.cli.ProcessFixtures.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.broker.InProcessBroker;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that takes SASL/PLAIN only: with {@code --kafka-config} the worker, producer and collector work
 * unchanged; without credentials, or with wrong ones, a client is refused with a message that says why.
 */
class SaslIT {
    @TempDir
    Path dir;

    @Test
    void authenticatedProcessesWorkAndOthersAreRefusedClearly() throws Exception {
        int port = freePort();
        String bootstrap = "127.0.0.1:" + port;
        try (InProcessBroker broker = InProcessBroker.start(SaslBroker.config(dir.resolve("data"), port,
                Map.of("alice", "alice-secret"), Map.of()))) {
            Path alice = SaslBroker.clientConfig(dir, "alice", "alice-secret");
            SaslBroker.runTasks(dir, bootstrap, alice, alice, alice);

            TaskrunnerProcess wrongPassword = TaskrunnerProcess.start(dir, "wrong", "producer", "--bootstrap-servers",
                    bootstrap, "--kafka-config", SaslBroker.clientConfig(dir, "alice", "guess").toString(),
                    "--run", "x", "--count", "1", "--type", "echo", "--connect-timeout", "10s");
            assertThat(wrongPassword.awaitExit(SaslBroker.WAIT)).isEqualTo(Main.EXIT_ERROR);
            assertThat(wrongPassword.stderr()).contains("Kafka at " + bootstrap + " refused the credentials")
                    .contains("--kafka-config");

            TaskrunnerProcess anonymous = TaskrunnerProcess.start(dir, "anonymous", "producer", "--bootstrap-servers",
                    bootstrap, "--run", "x", "--count", "1", "--type", "echo", "--connect-timeout", "5s");
            assertThat(anonymous.awaitExit(SaslBroker.WAIT)).isEqualTo(Main.EXIT_ERROR);
            assertThat(anonymous.stderr()).contains("did not answer within 5s")
                    .contains("security settings (SASL, TLS)");
        }
    }
}
