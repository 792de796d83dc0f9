package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskrunner.collector.CollectorMetrics;
import io.taskrunner.core.metrics.MetricsRegistries;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.producer.ProducerMetrics;
import io.taskrunner.worker.WorkerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules ask only for metrics the code registers; promtool accepts the files. */
class MonitoringFilesTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:taskrunner|jvm|process)_[a-z0-9_]+)");

    private static Path projectFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        assertThat(dir).as(relative + " above the working directory").isNotNull();
        return dir.resolve(relative);
    }

    /** Every metric family the three processes expose, from real registries with each meter used once. */
    private static Set<String> exposedMetricNames() {
        Set<String> names = new TreeSet<>();
        PrometheusMeterRegistry worker = MetricsRegistries.prometheus("worker");
        WorkerMetrics workerMetrics = new WorkerMetrics(worker);
        workerMetrics.started("sleep");
        workerMetrics.finished("sleep", TaskStatus.SUCCEEDED, Duration.ofMillis(5));
        workerMetrics.retried("sleep");
        workerMetrics.deadLettered("undecodable");
        PrometheusMeterRegistry producer = MetricsRegistries.prometheus("producer");
        new ProducerMetrics(producer).registry().counter(ProducerMetrics.TASKS_SUBMITTED, "type", "sleep").increment();
        PrometheusMeterRegistry collector = MetricsRegistries.prometheus("collector");
        CollectorMetrics collectorMetrics = new CollectorMetrics(collector);
        collector.gauge(CollectorMetrics.RUN_REMAINING, List.of(io.micrometer.core.instrument.Tag.of("run", "r")), 1);
        // jvm.gc.pause is registered at the first GC notification: have one.
        System.gc();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!worker.scrape().contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (PrometheusMeterRegistry registry : List.of(worker, producer, collector)) {
            registry.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        }
        assertThat(collectorMetrics.registry()).isSameAs(collector);
        return names;
    }

    private static Set<String> metricsIn(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void everyDashboardQueryNamesARegisteredMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(projectFile("deploy/grafana/dashboards/taskrunner.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).as("dashboard queries").hasSizeGreaterThan(10);

        Set<String> asked = metricsIn(String.join("\n", expressions));
        assertThat(asked).contains("taskrunner_tasks_completed_total", "taskrunner_task_duration_seconds_bucket",
                "taskrunner_tasks_in_flight");
        assertThat(exposedMetricNames()).containsAll(asked);
    }

    @Test
    void everyAlertRuleNamesARegisteredMetric() throws Exception {
        Set<String> asked = metricsIn(Files.readString(projectFile("deploy/prometheus/alerts.yml")));

        assertThat(asked).isNotEmpty();
        assertThat(exposedMetricNames()).containsAll(asked);
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRules() throws Exception {
        PrometheusTools.require("promtool");
        Path dir = projectFile("deploy/prometheus/prometheus.yml").getParent();
        for (List<String> command : List.of(List.of("promtool", "check", "config", "prometheus.yml"),
                List.of("promtool", "check", "rules", "alerts.yml"),
                List.of("promtool", "test", "rules", "alerts_test.yml"))) {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        }
    }
}
