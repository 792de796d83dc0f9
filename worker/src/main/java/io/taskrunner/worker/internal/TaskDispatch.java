package io.taskrunner.worker.internal;

import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The meeting point of a worker's pollers and runners: the queue of tasks taken from Kafka, and the rules
 * for when a poller may fetch more ({@link IntakePolicy}). Only the pollers of the policy's current lane
 * fetch. A narrow poller fetches only while a runner has nothing to do and no other poller is fetching for
 * it, or for one of the {@linkplain IntakePolicy#narrowAhead() tasks the policy lets it hold ahead}; a batch
 * poller (medium or wide) only while fewer tasks than its lane's low-water mark wait: the concurrency, or half
 * a batch if that is more. Runners take tasks in the order they were fetched.
 * Thread-safe.
 */
public final class TaskDispatch {
    private final IntakePolicy policy;
    private final int concurrency;
    private final ArrayDeque<QueuedTask> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Map<Lane, Condition> turns = new EnumMap<>(Lane.class);
    private final Map<Lane, Integer> lowWater = new EnumMap<>(Lane.class);
    private final CountDownLatch firstTaken = new CountDownLatch(1);
    private int running;
    private int fetching;
    private int narrowFetches;
    private boolean stopping;

    public TaskDispatch(IntakePolicy policy, int concurrency) {
        this.policy = policy;
        this.concurrency = concurrency;
        for (Lane lane : Lane.values()) {
            turns.put(lane, lock.newCondition());
            lowWater.put(lane, Math.max(concurrency, policy.batch(lane) / 2));
        }
    }

    /**
     * Blocks until a poller of {@code lane} may fetch, and counts the fetch as in progress until
     * {@link #fetchDone}. Returns false, without counting, once the worker is stopping.
     */
    public boolean awaitTurn(Lane lane) throws InterruptedException {
        lock.lock();
        try {
            while (!stopping && !turnFree(lane)) {
                turns.get(lane).await();
            }
            if (stopping) {
                return false;
            }
            fetching++;
            if (lane == Lane.NARROW) {
                narrowFetches++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean turnFree(Lane lane) {
        if (policy.lane() != lane) {
            return false;
        }
        return lane == Lane.NARROW ? queue.size() + running + narrowFetches < concurrency + policy.narrowAhead()
                : queue.size() < lowWater.get(lane);
    }

    /**
     * Ends a fetch counted by {@link #awaitTurn}; call after enqueueing what it brought. Runners do not end
     * while a fetch is in progress, so nothing fetched is left unrun.
     */
    public void fetchDone(Lane lane) {
        lock.lock();
        try {
            fetching--;
            if (lane == Lane.NARROW) {
                narrowFetches--;
                turns.get(Lane.NARROW).signal();
            }
            if (stopping && fetching == 0) {
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
                if (stopping && fetching == 0) {
                    return null;
                }
                work.await();
            }
            running++;
            QueuedTask task = queue.poll();
            firstTaken.countDown();
            Lane lane = policy.lane();
            if (lane != Lane.NARROW && queue.size() == lowWater.get(lane) - 1) {
                turns.get(lane).signalAll();
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    /** A runner is done with a task that took {@code nanos}; frees its place and feeds the policy. */
    public void finished(long nanos) {
        lock.lock();
        try {
            // Under the lock, the only place the lane changes: a lane that changed and changed back between two
            // runners must not go unseen by pollers waiting for a turn of it.
            Lane before = policy.lane();
            int aheadBefore = policy.narrowAhead();
            policy.taskFinished(nanos);
            running--;
            Lane lane = policy.lane();
            if (lane != before || policy.narrowAhead() != aheadBefore) {
                turns.values().forEach(Condition::signalAll);
            } else if (lane == Lane.NARROW) {
                turns.get(Lane.NARROW).signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a runner has taken this worker's first task, or the worker stops. */
    public void awaitFirstTask() throws InterruptedException {
        firstTaken.await();
    }

    /** No more fetching; runners finish what is queued, then {@link #take()} returns null. */
    public void stop() {
        lock.lock();
        try {
            stopping = true;
            firstTaken.countDown();
            work.signalAll();
            turns.values().forEach(Condition::signalAll);
        } finally {
            lock.unlock();
        }
    }

    /** Pollers of {@code lane} blocked in {@link #awaitTurn} now (for tests). */
    int waitingForTurn(Lane lane) {
        lock.lock();
        try {
            return lock.getWaitQueueLength(turns.get(lane));
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
