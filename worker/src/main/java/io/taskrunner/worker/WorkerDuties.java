package io.taskrunner.worker;

import io.taskrunner.worker.internal.BacklogProbe;
import io.taskrunner.worker.internal.LaneWatch;
import io.taskrunner.worker.internal.StatusBeacon;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's duties besides running tasks: its status beacon and, for a share source, the backlog probe
 * (every {@value #BACKLOG_EVERY_S} s, for {@link WorkerMetrics#GROUP_BACKLOG}) and the watch of the long-task
 * lane ({@link LaneWatch}). None is on the way to a task, so they start together {@link #DELAY} after the
 * slots, on a thread of their own: on 2 cores the start-up of their clients competed with the first fetch
 * and slowed the demo's first task by ~30 ms. {@link #close} may come before, during or after that start:
 * once it has begun, nothing more starts, and everything started is stopped. A worker closed before the
 * start writes no status at all.
 */
final class WorkerDuties implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerDuties.class);
    static final long BACKLOG_EVERY_S = 10;
    /** How long after the slots the duties start. */
    static final Duration DELAY = Duration.ofSeconds(1);

    private final String identity;
    private final StatusBeacon beacon;
    private final BacklogProbe backlog;
    private final Supplier<Admin> admins;
    private final Function<Admin, LaneWatch> laneWatches;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskrunner-duties");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed; // guarded by this, as the three below
    private Admin laneAdmin;
    private LaneWatch laneWatch;
    private Thread laneThread;

    /**
     * @param backlog     the share group's backlog probe; null, with {@code laneWatches}, for a consumer source
     * @param admins      makes the lane watch's admin client
     * @param laneWatches makes the lane watch, given its admin client
     */
    WorkerDuties(String identity, StatusBeacon beacon, BacklogProbe backlog, Supplier<Admin> admins,
                 Function<Admin, LaneWatch> laneWatches) {
        this.identity = identity;
        this.beacon = beacon;
        this.backlog = backlog;
        this.admins = admins;
        this.laneWatches = laneWatches;
    }

    /** Starts the duties {@code delay} from now: {@link #DELAY} in a worker. */
    WorkerDuties start(Duration delay) {
        timer.schedule(this::startNow, delay.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void startNow() {
        if (closed) {
            return;
        }
        try {
            beacon.start();
            if (backlog == null) {
                return;
            }
            timer.scheduleWithFixedDelay(backlog, 0, BACKLOG_EVERY_S, TimeUnit.SECONDS);
            laneAdmin = admins.get();
            laneWatch = laneWatches.apply(laneAdmin);
            laneThread = new Thread(laneWatch, "taskrunner-lane-watch");
            laneThread.setDaemon(true);
            laneThread.start();
        } catch (RuntimeException e) {
            log.warn("Worker {}: its status, backlog or long-task watch did not start: {}", identity, e.toString(), e);
        }
    }

    /**
     * Stops what started: the beacon (its last status counts every task finished before this call, so call
     * it after the slots have stopped), the backlog probe, then the lane watch, waiting for each.
     */
    @Override
    public void close() {
        synchronized (this) { // waits for a start under way; none begins after this
            closed = true;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(beacon);
        closeQuietly(backlog);
        stopLaneWatch();
    }

    private synchronized void stopLaneWatch() {
        if (laneWatch != null) {
            laneWatch.stop();
            try {
                laneThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (laneAdmin != null) {
            laneAdmin.close(Duration.ofSeconds(5));
        }
    }

    /** Closes a duty that only reports or watches: its failure must not keep the worker from stopping. */
    private void closeQuietly(AutoCloseable duty) {
        if (duty == null) {
            return;
        }
        try {
            duty.close();
        } catch (Exception e) {
            log.warn("Worker {}: {} did not close cleanly: {}", identity, duty.getClass().getSimpleName(), e.toString());
        }
    }
}
