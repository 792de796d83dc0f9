package io.taskrunner.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The producer's meters: {@code taskrunner_tasks_submitted_total{type}} in Prometheus form. */
public final class ProducerMetrics {
    public static final String TASKS_SUBMITTED = "taskrunner.tasks.submitted";

    private final MeterRegistry registry;
    /** The counter of the type submitted last: a run's tasks mostly share one type, and a lookup costs. */
    private Counter lastCounter;
    private String lastType;

    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static ProducerMetrics inMemory() {
        return new ProducerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one submitted task; called from the one thread that submits. */
    void submitted(String type) {
        if (!type.equals(lastType)) {
            lastCounter = Counter.builder(TASKS_SUBMITTED).description("Tasks submitted").tag("type", type)
                    .register(registry);
            lastType = type;
        }
        lastCounter.increment();
    }
}
