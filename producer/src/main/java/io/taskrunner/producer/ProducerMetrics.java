package io.taskrunner.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The producer's meters: {@code taskrunner_tasks_submitted_total{type}} in Prometheus form. */
public final class ProducerMetrics {
    public static final String TASKS_SUBMITTED = "taskrunner.tasks.submitted";

    private final MeterRegistry registry;

    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static ProducerMetrics inMemory() {
        return new ProducerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void submitted(String type) {
        Counter.builder(TASKS_SUBMITTED).description("Tasks submitted").tag("type", type).register(registry).increment();
    }
}
