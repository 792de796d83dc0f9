package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.core.protocol.WorkerStatus.RunningTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tasks a worker is running now, and how many attempts it has finished: what its status says
 * ({@link StatusBeacon}). Thread-safe; {@link #begin} and {@link #end} cost a map update each.
 */
public final class RunningTasks {
    private final ConcurrentHashMap<Object, RunningTask> running = new ConcurrentHashMap<>();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Notes that {@code task} started at {@code startedAt}; returns the handle {@link #end} takes. */
    public Object begin(TaskMessage task, long startedAt) {
        Object handle = new Object();
        running.put(handle, new RunningTask(task.id(), task.run(), task.type(), task.attempt(), startedAt));
        return handle;
    }

    /** Notes that the task of {@code handle} ended with {@code status}; null when it made no result. */
    public void end(Object handle, TaskStatus status) {
        if (running.remove(handle) == null || status == null) {
            return;
        }
        done.incrementAndGet();
        if (status != TaskStatus.SUCCEEDED) {
            failed.incrementAndGet();
        }
    }

    /** The running tasks, longest-running first. */
    public List<RunningTask> now() {
        List<RunningTask> tasks = new ArrayList<>(running.values());
        tasks.sort(Comparator.comparingLong(RunningTask::startedAt));
        return tasks;
    }

    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }
}
