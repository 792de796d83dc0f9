package io.taskrunner.worker.internal;

import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The meeting point of a worker's pollers and runners: the queue of tasks taken from Kafka, and the rules
 * for when a poller may fetch more ({@link IntakePolicy}). A narrow poller fetches only while a runner has
 * nothing to do and no other poller is fetching for it; a wide poller only while fewer than
 * {@code lowWater} tasks wait. Runners take tasks in the order they were fetched. Thread-safe.
 */
public final class TaskDispatch {
    private final IntakePolicy policy;
    private final int concurrency;
    private final int lowWater;
    private final ArrayDeque<QueuedTask> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition narrowTurn = lock.newCondition();
    private final Condition wideTurn = lock.newCondition();
    private int running;
    private int narrowFetches;
    private int wideFetches;
    private boolean stopping;
    private Lane lastLane;

    /**
     * @param lowWater a wide poller fetches only while fewer tasks than this wait for a runner
     */
    public TaskDispatch(IntakePolicy policy, int concurrency, int lowWater) {
        this.policy = policy;
        this.concurrency = concurrency;
        this.lowWater = lowWater;
        this.lastLane = policy.lane();
    }

    /**
     * Blocks until a narrow poller may fetch one task, and counts the fetch as in progress until
     * {@link #fetchDone}. Returns false, without counting, once the worker is stopping.
     */
    public boolean awaitNarrowTurn() throws InterruptedException {
        lock.lock();
        try {
            while (!stopping && !(policy.lane() == Lane.NARROW && queue.size() + running + narrowFetches < concurrency)) {
                narrowTurn.await();
            }
            if (stopping) {
                return false;
            }
            narrowFetches++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a wide poller may fetch a batch, counted until {@link #fetchDone}; false once stopping. */
    public boolean awaitWideTurn() throws InterruptedException {
        lock.lock();
        try {
            while (!stopping && !(policy.lane() == Lane.WIDE && queue.size() < lowWater)) {
                wideTurn.await();
            }
            if (stopping) {
                return false;
            }
            wideFetches++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a fetch counted by {@link #awaitNarrowTurn()} or {@link #awaitWideTurn()}; call after enqueueing
     * what it brought. Runners do not end while a fetch is in progress, so nothing fetched is left unrun.
     */
    public void fetchDone(boolean wide) {
        lock.lock();
        try {
            if (wide) {
                wideFetches--;
            } else {
                narrowFetches--;
                narrowTurn.signal();
            }
            if (stopping && narrowFetches + wideFetches == 0) {
                work.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds fetched tasks at the back of the queue. */
    public void enqueue(Collection<QueuedTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            queue.addAll(tasks);
            if (tasks.size() == 1) {
                work.signal();
            } else {
                work.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next task for a runner, counted as running until {@link #finished}; blocks while none waits.
     * Returns null once the worker is stopping and the queue is empty: the runner is done.
     */
    public QueuedTask take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (stopping && narrowFetches + wideFetches == 0) {
                    return null;
                }
                work.await();
            }
            running++;
            QueuedTask task = queue.poll();
            if (queue.size() == lowWater - 1) {
                wideTurn.signalAll();
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    /** A runner is done with a task that took {@code nanos}; frees its place and feeds the policy. */
    public void finished(long nanos) {
        policy.taskFinished(nanos);
        lock.lock();
        try {
            running--;
            Lane lane = policy.lane();
            if (lane != lastLane) {
                lastLane = lane;
                narrowTurn.signalAll();
                wideTurn.signalAll();
            } else if (lane == Lane.NARROW) {
                narrowTurn.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more fetching; runners finish what is queued, then {@link #take()} returns null. */
    public void stop() {
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
            narrowTurn.signalAll();
            wideTurn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for a runner now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
