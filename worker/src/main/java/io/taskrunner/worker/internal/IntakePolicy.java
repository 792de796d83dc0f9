package io.taskrunner.worker.internal;

import java.time.Duration;

/**
 * Decides how a worker takes tasks from its share group, from the task durations it measures, so that
 * short, middling and long tasks all go fast with no setting to tune.
 *
 * <ul>
 *   <li>{@link Lane#NARROW}: one record per fetch, for a runner that is free now, and for
 *       {@value #NARROW_AHEAD} more while that many tasks are measured to wait within {@code batchBudget} for
 *       the first runner to free up ({@link #narrowAhead()}): a fetch takes tens of milliseconds, which a
 *       runner would otherwise spend idle before each task. Where every worker starts, and where it stays
 *       while tasks are slow; with tasks of seconds nothing waits in the worker, so a slow task never holds
 *       back others that another worker could run.</li>
 *   <li>{@link Lane#MEDIUM}: up to {@value #MEDIUM_BATCH} records per fetch, for tasks too long for wide
 *       batches but short enough that a share fetch (tens of milliseconds with its acknowledgements) per
 *       task would leave the runners idle.</li>
 *   <li>{@link Lane#WIDE}: up to {@code wideBatch} records per fetch.</li>
 * </ul>
 * A worker takes the widest lane whose full batch is measured to clear within {@code batchBudget} on its
 * runners (after {@value #WARM_UP} tasks at least), and leaves a lane once its batch would take more than
 * twice that. The budget bounds how long tasks a worker holds may wait while another worker idles.
 *
 * <p>Durations are averaged exponentially (weight {@value #WEIGHT} for the newest), so a change in the
 * mix of tasks shows within a few dozen tasks. Thread-safe.
 */
public final class IntakePolicy {
    /** The ways of taking tasks, narrowest first; see the class description. */
    public enum Lane { NARROW, MEDIUM, WIDE }

    static final double WEIGHT = 0.05;
    /** Tasks measured before the first switch to a wider lane. */
    static final int WARM_UP = 16;
    /** Records one fetch may take in the medium lane. */
    public static final int MEDIUM_BATCH = 16;
    /** Tasks the narrow lane may hold beyond its free runners, while they wait within the budget. */
    public static final int NARROW_AHEAD = 1;

    private final int concurrency;
    private final int wideBatch;
    private final long batchBudgetNanos;
    private double meanNanos;
    private long measured;
    private volatile Lane lane;
    private volatile int ahead;

    /**
     * @param concurrency tasks that run at once on this worker
     * @param wideBatch   records one fetch may take in the wide lane; 1 keeps the worker narrow, and up to
     *                    {@value #MEDIUM_BATCH} leaves out the medium lane
     * @param batchBudget how long a full batch may take to run on this worker
     */
    public IntakePolicy(int concurrency, int wideBatch, Duration batchBudget) {
        if (concurrency < 1 || wideBatch < 1 || batchBudget.isNegative() || batchBudget.isZero()) {
            throw new IllegalArgumentException("concurrency and wide batch must be >= 1 and the budget positive, were "
                    + concurrency + ", " + wideBatch + ", " + batchBudget);
        }
        this.concurrency = concurrency;
        this.wideBatch = wideBatch;
        this.batchBudgetNanos = batchBudget.toNanos();
        this.lane = Lane.NARROW;
    }

    public Lane lane() {
        return lane;
    }

    /** Whether this worker ever takes tasks in {@code lane}: wide and medium need a wide batch above theirs. */
    public boolean uses(Lane lane) {
        return switch (lane) {
            case NARROW -> true;
            case MEDIUM -> wideBatch > MEDIUM_BATCH;
            case WIDE -> wideBatch > 1;
        };
    }

    /**
     * Tasks the narrow lane may hold beyond its free runners: {@value #NARROW_AHEAD} once the worker has
     * measured {@value #WARM_UP} tasks and so many tasks of the measured mean duration, held until runners free
     * up, would wait within the budget ({@code mean × NARROW_AHEAD ÷ concurrency ≤ budget}), else 0; always 0
     * for a worker kept narrow ({@code wideBatch} 1).
     */
    public int narrowAhead() {
        return ahead;
    }

    /** Records one fetch may take in {@code lane}. */
    public int batch(Lane lane) {
        return switch (lane) {
            case NARROW -> 1;
            case MEDIUM -> MEDIUM_BATCH;
            case WIDE -> wideBatch;
        };
    }

    /** Records how long a task took, from its start to its outcome; may switch the lane. */
    public synchronized void taskFinished(long nanos) {
        meanNanos = measured == 0 ? nanos : meanNanos + WEIGHT * (nanos - meanNanos);
        measured++;
        if (measured < WARM_UP) {
            return;
        }
        ahead = uses(Lane.WIDE) && meanNanos * NARROW_AHEAD / concurrency <= batchBudgetNanos ? NARROW_AHEAD : 0;
        Lane fitting = widestWithin(batchBudgetNanos);
        if (fitting.compareTo(lane) > 0 || batchNanos(lane) > 2.0 * batchBudgetNanos) {
            lane = fitting;
        }
    }

    private Lane widestWithin(long budgetNanos) {
        Lane widest = Lane.NARROW;
        for (Lane candidate : Lane.values()) {
            if (uses(candidate) && batchNanos(candidate) <= budgetNanos) {
                widest = candidate;
            }
        }
        return widest;
    }

    private double batchNanos(Lane candidate) {
        return meanNanos * batch(candidate) / concurrency;
    }
}
