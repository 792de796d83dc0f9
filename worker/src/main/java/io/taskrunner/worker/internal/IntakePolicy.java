package io.taskrunner.worker.internal;

import java.time.Duration;

/**
 * Decides how a worker takes tasks from its share group, from the task durations it measures, so that
 * short and long tasks both go fast with no setting to tune.
 *
 * <ul>
 *   <li>{@link Lane#NARROW}: one record per fetch, and only for a runner that is free now. Nothing waits in
 *       the worker, so a slow task never holds back others that another worker could run. Where every
 *       worker starts, and where it stays while tasks are slow.</li>
 *   <li>{@link Lane#WIDE}: up to {@code wideBatch} records per fetch, queued for the runners. Chosen once
 *       a full batch is measured to clear within {@code batchBudget} on this worker's runners; left again
 *       when it would take more than twice that.</li>
 * </ul>
 *
 * <p>Durations are averaged exponentially (weight {@value #WEIGHT} for the newest), so a change in the
 * mix of tasks shows within a few dozen tasks. Thread-safe.
 */
public final class IntakePolicy {
    /** The two ways of taking tasks; see the class description. */
    public enum Lane { NARROW, WIDE }

    static final double WEIGHT = 0.05;
    /** Tasks measured before the first switch to the wide lane. */
    static final int WARM_UP = 16;

    private final int concurrency;
    private final int wideBatch;
    private final long batchBudgetNanos;
    private double meanNanos;
    private long measured;
    private volatile Lane lane;

    /**
     * @param concurrency tasks that run at once on this worker
     * @param wideBatch   records one fetch may take in the wide lane; 1 keeps the worker narrow
     * @param batchBudget how long a full wide batch may take to run on this worker
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

    public int wideBatch() {
        return wideBatch;
    }

    /** Records how long a task took, from its start to its outcome; may switch the lane. */
    public synchronized void taskFinished(long nanos) {
        meanNanos = measured == 0 ? nanos : meanNanos + WEIGHT * (nanos - meanNanos);
        measured++;
        double batchNanos = meanNanos * wideBatch / concurrency;
        if (lane == Lane.NARROW && wideBatch > 1 && measured >= WARM_UP && batchNanos <= batchBudgetNanos) {
            lane = Lane.WIDE;
        } else if (lane == Lane.WIDE && batchNanos > 2.0 * batchBudgetNanos) {
            lane = Lane.NARROW;
        }
    }
}
