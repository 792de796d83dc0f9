package io.taskrunner.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskrunner.core.protocol.TaskStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The worker's meters, all in one place. In Prometheus form: {@code taskrunner_tasks_started_total{type}},
 * {@code taskrunner_tasks_completed_total{type,status}}, {@code taskrunner_task_duration_seconds{type,status}}
 * (histogram), {@code taskrunner_tasks_in_flight}, {@code taskrunner_worker_slots},
 * {@code taskrunner_tasks_retried_total{type}}, {@code taskrunner_tasks_dead_lettered_total{reason}},
 * {@code taskrunner_lock_renewals_total}, {@code taskrunner_cancellations_known},
 * {@code taskrunner_tasks_moved_aside_total}, {@code taskrunner_lane_takeovers_total}. Thread-safe.
 */
public final class WorkerMetrics {
    public static final String TASKS_STARTED = "taskrunner.tasks.started";
    public static final String TASKS_COMPLETED = "taskrunner.tasks.completed";
    public static final String TASK_DURATION = "taskrunner.task.duration";
    public static final String TASKS_IN_FLIGHT = "taskrunner.tasks.in.flight";
    public static final String WORKER_SLOTS = "taskrunner.worker.slots";
    public static final String QUEUE_DEPTH = "taskrunner.worker.queue.depth";
    public static final String TASKS_RETRIED = "taskrunner.tasks.retried";
    public static final String TASKS_DEAD_LETTERED = "taskrunner.tasks.dead.lettered";
    public static final String LOCK_RENEWALS = "taskrunner.lock.renewals";
    public static final String CANCELLATIONS_KNOWN = "taskrunner.cancellations.known";
    public static final String TASKS_MOVED_ASIDE = "taskrunner.tasks.moved.aside";
    public static final String LANE_TAKEOVERS = "taskrunner.lane.takeovers";
    public static final String GROUP_BACKLOG = "taskrunner.group.backlog";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger queueDepth = new AtomicInteger();
    private final Counter lockRenewals;
    private final Counter movedAside;
    private final Counter laneTakeovers;
    /** Meters used once per task, looked up here rather than rebuilt and registered each time. */
    private final Map<String, Counter> startedByType = new ConcurrentHashMap<>();
    private final MetersByTypeAndStatus<Timer> durations;
    private final MetersByTypeAndStatus<Counter> completed;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        durations = new MetersByTypeAndStatus<>((type, status) -> Timer.builder(TASK_DURATION)
                .description("Time from a task's first attempt start to its result")
                .tags("type", type, "status", status.name()).publishPercentileHistogram().register(registry));
        completed = new MetersByTypeAndStatus<>((type, status) -> Counter.builder(TASKS_COMPLETED)
                .description("Task results written, by status")
                .tags("type", type, "status", status.name()).register(registry));
        Gauge.builder(TASKS_IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Tasks whose handler is running now").register(registry);
        Gauge.builder(WORKER_SLOTS, slots, AtomicInteger::get)
                .description("Tasks this worker may run at once (--concurrency)").register(registry);
        Gauge.builder(QUEUE_DEPTH, queueDepth, AtomicInteger::get)
                .description("Tasks taken from Kafka and not yet acknowledged: running, waiting for a retry or a runner, "
                        + "or finished and waiting to be written").register(registry);
        lockRenewals = Counter.builder(LOCK_RENEWALS)
                .description("Acquisition-lock renewals of tasks that outlived their lock").register(registry);
        movedAside = Counter.builder(TASKS_MOVED_ASIDE)
                .description("Long tasks copied to the long-task lane so the tasks behind them can go on")
                .register(registry);
        laneTakeovers = Counter.builder(LANE_TAKEOVERS)
                .description("Long tasks put back on the tasks topic because the worker running them died")
                .register(registry);
        // Registered up front so dashboards and alerts see zeros rather than no data.
        for (TaskStatus status : TaskStatus.values()) {
            completed.get("none", status);
        }
    }

    /** Meters kept in memory only, for tests and for workers run without {@code --metrics-port}. */
    public static WorkerMetrics inMemory() {
        return new WorkerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Reports how many cancellations (of runs and of single tasks) this worker has read so far. */
    public void cancellationsKnown(IntSupplier known) {
        // Strongly held: a gauge keeps its object weakly, and nothing else holds a method reference.
        Gauge.builder(CANCELLATIONS_KNOWN, known, IntSupplier::getAsInt).strongReference(true)
                .description("Cancellations of runs and of single tasks read from the control topic").register(registry);
    }

    /**
     * Reports the tasks waiting for the worker's {@code group} (share source), as last read; no value (NaN) while
     * unknown ({@code backlog} negative), so an autoscaler holds rather than reads an empty queue.
     */
    public void groupBacklog(String group, LongSupplier backlog) {
        Gauge.builder(GROUP_BACKLOG, backlog, b -> b.getAsLong() < 0 ? Double.NaN : b.getAsLong()).tag("group", group)
                .strongReference(true)
                .description("Tasks on the tasks topic not yet acknowledged by the workers' share group (the group's "
                        + "lag, read every 10 s; no value while unknown): what an autoscaler follows").register(registry);
    }

    void slots(int count) {
        slots.set(count);
    }

    public void started(String type) {
        startedByType.computeIfAbsent(type, t -> Counter.builder(TASKS_STARTED)
                .description("Tasks whose first attempt started").tag("type", t).register(registry)).increment();
        inFlight.incrementAndGet();
    }

    /** The handler is done with the task (after retries) and its result has status {@code status}. */
    public void finished(String type, TaskStatus status, Duration duration) {
        inFlight.decrementAndGet();
        durations.get(type, status).record(duration);
    }

    /** A result was written, whatever produced it (a handler, a refusal, a cancellation). */
    public void completed(String type, TaskStatus status) {
        completed.get(type.isEmpty() ? "unknown" : type, status).increment();
    }

    public void retried(String type) {
        Counter.builder(TASKS_RETRIED).description("Attempts that failed retriably and will run again")
                .tag("type", type).register(registry).increment();
    }

    public void deadLettered(String reason) {
        Counter.builder(TASKS_DEAD_LETTERED).description("Task records written to the dead-letter topic")
                .tag("reason", reason).register(registry).increment();
    }

    /** The worker took a task from Kafka ({@code +1}) or acknowledged one ({@code -1}). */
    public void queued(int change) {
        queueDepth.addAndGet(change);
    }

    public void movedAside() {
        movedAside.increment();
    }

    public void laneTakeover() {
        laneTakeovers.increment();
    }

    public void lockRenewed() {
        lockRenewals.increment();
    }
}
