package io.taskrunner.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskrunner.core.protocol.TaskStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector's meters. In Prometheus form: {@code taskrunner_results_received_total{status}},
 * {@code taskrunner_results_duplicates_total}, {@code taskrunner_result_latency_seconds} (histogram,
 * submitted to collected), {@code taskrunner_reorder_buffered}, {@code taskrunner_run_remaining{run}}.
 */
public final class CollectorMetrics {
    public static final String RESULTS_RECEIVED = "taskrunner.results.received";
    public static final String RESULTS_DUPLICATES = "taskrunner.results.duplicates";
    public static final String RESULT_LATENCY = "taskrunner.result.latency";
    public static final String REORDER_BUFFERED = "taskrunner.reorder.buffered";
    public static final String RUN_REMAINING = "taskrunner.run.remaining";

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Timer latency;
    /** The received counter of each status, by ordinal: registered once, not looked up per result. */
    private final Counter[] receivedByStatus = new Counter[TaskStatus.values().length];
    private final AtomicLong buffered = new AtomicLong();

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        duplicates = Counter.builder(RESULTS_DUPLICATES).description("Results dropped because their task had one")
                .register(registry);
        latency = Timer.builder(RESULT_LATENCY).description("Time from a task's submission to its result collected")
                .publishPercentileHistogram().register(registry);
        Gauge.builder(REORDER_BUFFERED, buffered, AtomicLong::get)
                .description("Results held back for submission order").register(registry);
        for (TaskStatus status : TaskStatus.values()) {
            receivedByStatus[status.ordinal()] = Counter.builder(RESULTS_RECEIVED)
                    .description("Distinct results collected, by status").tag("status", status.name()).register(registry);
        }
    }

    public static CollectorMetrics inMemory() {
        return new CollectorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void received(TaskStatus status, Duration sinceSubmission) {
        receivedByStatus[status.ordinal()].increment();
        if (!sinceSubmission.isNegative()) {
            latency.record(sinceSubmission);
        }
    }

    void duplicate() {
        duplicates.increment();
    }

    void buffered(long count) {
        buffered.set(count);
    }

    /** Tracks how many tasks of {@code run} still have no result; NaN until the run is sealed. */
    void remaining(String run, java.util.function.DoubleSupplier remaining) {
        Gauge.builder(RUN_REMAINING, remaining::getAsDouble).description("Tasks of the run without a result yet")
                .tag("run", run).register(registry);
    }
}
