package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.taskrunner.worker.WorkerConfig;
import io.taskrunner.worker.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes manifests (deploy/k8s), checked offline: {@code kubectl kustomize} builds them (Debian's
 * {@code kubernetes-client}; no cluster), and the objects it builds are checked for what would break a
 * deployment without failing its apply: every container's command is one the launcher accepts, selectors
 * match their pods, probes and the grace period fit the worker's flags, and the autoscaler follows a metric
 * the worker exports.
 */
class KubernetesManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
    private static final Map<String, String> SAMPLE_ENV = Map.of("BOOTSTRAP_SERVERS", "kafka:9092",
            "REPLICATION_FACTOR", "3", "RUN", "k8s-run-1");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    private static List<JsonNode> build(String overlay) throws Exception {
        Path kubectl = RequiredPrograms.find("kubernetes-client", "kubectl", "kubectl");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", DEPLOY.resolve(overlay).toString())
                .redirectErrorStream(false).start();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(errors).isZero();
        List<JsonNode> objects = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml).forEachRemaining(objects::add);
        return objects;
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<String> args(JsonNode container) {
        List<String> args = new ArrayList<>();
        for (JsonNode arg : container.path("args")) {
            Matcher variable = VARIABLE.matcher(arg.asText());
            args.add(variable.replaceAll(match -> SAMPLE_ENV.getOrDefault(match.group(1), match.group())));
        }
        return args;
    }

    @Test
    void theBaseBuildsAndEveryContainerRunsACommandTheLauncherAccepts() throws Exception {
        List<JsonNode> objects = build("base");

        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Namespace", "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "Service");
        List<JsonNode> workloads = new ArrayList<>(ofKind(objects, "Deployment"));
        workloads.addAll(ofKind(objects, "Job"));
        assertThat(workloads).hasSize(4);
        for (JsonNode workload : workloads) {
            for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                List<String> args = args(container);
                assertThat(String.join(" ", args)).as("every $(VAR) is one the pod sets").doesNotContain("$(");
                CommandLine launcher = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
                launcher.parseArgs(args.toArray(String[]::new)); // throws on an unknown flag or a bad value
                assertThat(container.path("image").asText()).startsWith("taskrunner:");
            }
        }
    }

    @Test
    void selectorsMatchTheirPods() throws Exception {
        List<JsonNode> objects = build("monitoring");
        Map<String, JsonNode> podLabels = new HashMap<>();
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(labels.path(label.getKey()).asText()).as(deployment.path("metadata").path("name").asText())
                            .isEqualTo(label.getValue().asText()));
            podLabels.put(deployment.path("metadata").path("name").asText(), labels);
        }
        JsonNode ui = named(objects, "Service", "taskrunner-ui");
        ui.path("spec").path("selector").fields().forEachRemaining(label ->
                assertThat(podLabels.get("taskrunner-ui").path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
        JsonNode monitor = named(objects, "PodMonitor", "taskrunner-worker");
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                assertThat(podLabels.get("taskrunner-worker").path(label.getKey()).asText())
                        .isEqualTo(label.getValue().asText()));
    }

    @Test
    void workersScaleOnTheBacklogTheyExportAndHaveTimeToDrain() throws Exception {
        List<JsonNode> objects = build("base");
        JsonNode worker = named(objects, "Deployment", "taskrunner-worker");
        JsonNode pod = worker.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        List<String> args = args(container);

        int metricsPort = Integer.parseInt(args.get(args.indexOf("--metrics-port") + 1));
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(metricsPort);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
                .isEqualTo(container.path("ports").get(0).path("name").asText());
        Duration drain = new DurationConverter().convert(args.get(args.indexOf("--drain-timeout") + 1));
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).as("room to drain on scale-in")
                .isGreaterThan(drain.toSeconds());

        JsonNode hpa = named(objects, "HorizontalPodAutoscaler", "taskrunner-worker");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("taskrunner-worker");
        String metric = WorkerMetrics.GROUP_BACKLOG.replace('.', '_');
        assertThat(hpa.path("spec").path("metrics").get(0).path("external").path("metric").path("name").asText())
                .isEqualTo(metric);
        assertThat(Files.readString(DEPLOY.resolve("monitoring/prometheus-adapter-values.yaml"))).contains(metric);
        CommandLine launcher = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        WorkerConfig config = ((WorkerCommand) launcher.parseArgs(args.toArray(String[]::new)).subcommand()
                .commandSpec().userObject()).config();
        assertThat(hpa.path("spec").path("maxReplicas").asInt() * config.shareGroupMembers())
                .as("members within the broker's group.share.max.size").isLessThanOrEqualTo(200);
    }
}
