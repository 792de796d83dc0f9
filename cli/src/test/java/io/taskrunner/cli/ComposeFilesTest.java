package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Compose files as Compose itself reads them ({@code docker-compose config}, Debian's
 * {@code docker-compose}; no Docker engine needed): the single-broker file, the three-broker cluster on top
 * of it, and the overrides of the compose smoke test ({@code deploy/compose/smoke-test}, which runs them on a
 * real engine in {@code .ci/run}).
 */
class ComposeFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String CLUSTER = "kafka:9092,kafka-2:9092,kafka-3:9092";

    private static String config(String... files) throws Exception {
        Path compose = RequiredPrograms.find("docker-compose", "compose", "docker-compose");
        List<String> command = new ArrayList<>(List.of(compose.toString()));
        for (String file : files) {
            command.addAll(List.of("-f", ROOT.resolve(file).toString()));
        }
        command.add("config");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theSingleBrokerFileIsValidAndRunsTheKafkaVersionOfTheEmbeddedBroker() throws Exception {
        String config = config("docker-compose.yml");

        assertThat(config).contains("worker:", "producer:", "collector:", "ui:", "prometheus:", "grafana:");
        assertThat(config).doesNotContain("kafka-2:");
        String version = kafkaVersion();
        assertThat(config).contains("image: apache/kafka:" + version);
        assertThat(io.taskrunner.testing.RealKafkaExtension.KAFKA_IMAGE).isEqualTo("apache/kafka:" + version);
    }

    @Test
    void theClusterFileMakesThreeReplicatedNodesAndPointsEveryProcessAtAllOfThem() throws Exception {
        String config = config("docker-compose.yml", "docker-compose.cluster.yml");

        assertThat(config).contains("  kafka:\n", "  kafka-2:\n", "  kafka-3:\n");
        assertThat(count(config, "image: apache/kafka:" + kafkaVersion()))
                .isEqualTo(3);
        assertThat(count(config, "KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093")).isEqualTo(3);
        assertThat(count(config, "KAFKA_DEFAULT_REPLICATION_FACTOR: '3'")).isEqualTo(3);
        assertThat(count(config, "KAFKA_MIN_INSYNC_REPLICAS: '2'")).isEqualTo(3);
        assertThat(count(config, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '3'")).isEqualTo(3);
        for (String nodeId : List.of("'1'", "'2'", "'3'")) {
            assertThat(config).contains("KAFKA_NODE_ID: " + nodeId);
        }
        Matcher servers = Pattern.compile("- --bootstrap-servers\\n\\s+- (\\S+)").matcher(config);
        List<String> bootstraps = new ArrayList<>();
        while (servers.find()) {
            bootstraps.add(servers.group(1));
        }
        assertThat(bootstraps).as("worker, producer, collector, ui").hasSize(4).containsOnly(CLUSTER);
        assertThat(count(config, "- --replication-factor\n    - '3'")).isEqualTo(4);
    }

    @Test
    void theSmokeTestOverridesRunTheProjectsOwnBrokerAndBuildTheImageFromTheHostsJar() throws Exception {
        String config = config("docker-compose.yml", "deploy/compose/own-broker.yml", "deploy/compose/smoke.yml");

        assertThat(config).doesNotContain("apache/kafka");
        String kafka = service(config, "kafka");
        assertThat(kafka).contains("image: taskrunner:dev", "- broker\n    - --host\n    - kafka\n    - --port\n    - '9092'");
        assertThat(kafka).contains("exec 3<>/dev/tcp/kafka/9092");
        assertThat(service(config, "worker")).contains("target: prebuilt", "image: taskrunner:dev");
        assertThat(service(config, "collector")).contains("- --format\n    - text");
    }

    /** One service's block of a {@code docker-compose config} output. */
    private static String service(String config, String name) {
        Matcher block = Pattern.compile("(?m)^  " + name + ":\n((?:    .*\n|\n)*)").matcher(config);
        assertThat(block.find()).as("service " + name).isTrue();
        return block.group(1);
    }

    /** The Kafka version of the jars on the class path: the broker's that {@code taskrunner broker} runs. */
    private static String kafkaVersion() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = org.apache.kafka.clients.admin.Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
