package io.taskrunner.worker;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a handler knows about the task it runs, and how it learns that it should stop.
 *
 * <p>A handler that runs long should check {@link #isCancelled()} now and then (or respond to thread
 * interruption, which the worker also uses): it turns true when the task's time limit has passed or the
 * worker is shutting down without waiting any longer.
 */
public final class TaskContext {
    private final String id;
    private final String run;
    private final long seq;
    private final String type;
    private final int attempt;
    private final int maxAttempts;
    private final Optional<Instant> deadline;
    private final BooleanSupplier cancelled;

    /**
     * @param deadline  when the current attempt's time limit ends; empty when it has none
     * @param cancelled answers {@link #isCancelled()}
     */
    public TaskContext(String id, String run, long seq, String type, int attempt, int maxAttempts,
                       Optional<Instant> deadline, BooleanSupplier cancelled) {
        this.id = Objects.requireNonNull(id, "id");
        this.run = Objects.requireNonNull(run, "run");
        this.seq = seq;
        this.type = Objects.requireNonNull(type, "type");
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    }

    /** A context for a first and only attempt with no time limit, e.g. for a handler's unit test. */
    public static TaskContext of(String id, String run, long seq, String type) {
        return new TaskContext(id, run, seq, type, 1, 1, Optional.empty(), () -> false);
    }

    /** The task id, unique within its run. */
    public String id() {
        return id;
    }

    /** The run the task belongs to. */
    public String run() {
        return run;
    }

    /** The submission sequence number within the run (0-based). */
    public long seq() {
        return seq;
    }

    /** The task type. */
    public String type() {
        return type;
    }

    /** 1 on the first attempt, 2 on the first retry, ... */
    public int attempt() {
        return attempt;
    }

    /** How many attempts the task may take in all. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** When this attempt's time limit ends, if it has one. */
    public Optional<Instant> deadline() {
        return deadline;
    }

    /** True once the handler should give up: the time limit passed or the worker stops now. */
    public boolean isCancelled() {
        return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    /** A logger for the handler, named after the task type. */
    public Logger log() {
        return LoggerFactory.getLogger("io.taskrunner.task." + type);
    }

    @Override
    public String toString() {
        return "task " + id + " of run " + run + " (seq " + seq + ", type " + type + ", attempt " + attempt + "/"
                + maxAttempts + ")";
    }
}
