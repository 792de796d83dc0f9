package io.taskrunner.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Makes the meter registry of one taskrunner process. */
public final class MetricsRegistries {
    /** The common tag that tells which process a series comes from: worker, producer or collector. */
    public static final String APPLICATION_TAG = "application";

    private MetricsRegistries() {
    }

    /**
     * A Prometheus registry tagged {@code application=<application>} with the JVM and process binders
     * (memory, GC, threads, class loading, CPU, uptime) bound.
     */
    public static PrometheusMeterRegistry prometheus(String application) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(APPLICATION_TAG, application);
        bindJvm(registry);
        return registry;
    }

    /**
     * A registry kept in memory only, tagged like {@link #prometheus}, for a process that serves no metrics:
     * making a Prometheus registry costs ~0.4 s of start-up, which a short-lived collector or producer would
     * spend for nothing.
     */
    public static MeterRegistry inMemory(String application) {
        MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        registry.config().commonTags(APPLICATION_TAG, application);
        return registry;
    }

    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the registry, i.e. the process
    static void bindJvm(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
