package io.taskrunner.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskrunner.core.metrics.MetricsRegistries;
import io.taskrunner.core.metrics.MetricsServer;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** {@code --metrics-port}: serve {@code /metrics} (Prometheus) and {@code /health} while the command runs. */
final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics and readiness at /health "
                    + "(default: off).")
    Integer metricsPort;

    /** The registry every meter of this process goes to; in memory only when no port is given. */
    PrometheusMeterRegistry registry(String application) {
        return MetricsRegistries.prometheus(application);
    }

    /** Starts the HTTP endpoint if a port was given; the returned handle may be null. */
    MetricsServer serve(PrometheusMeterRegistry registry, BooleanSupplier ready) {
        return metricsPort == null ? null : MetricsServer.start(metricsPort, registry, ready);
    }
}
