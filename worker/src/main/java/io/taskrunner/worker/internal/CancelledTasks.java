package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.Cancellation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The cancellations a worker has read so far: whole runs and single tasks. Thread-safe. */
public final class CancelledTasks {
    private final Set<String> runs = ConcurrentHashMap.newKeySet();
    private final Set<String> tasks = ConcurrentHashMap.newKeySet();

    public void add(Cancellation cancellation) {
        if (cancellation.id() == null) {
            runs.add(cancellation.run());
        } else {
            tasks.add(key(cancellation.run(), cancellation.id()));
        }
    }

    public boolean isCancelled(String run, String id) {
        return runs.contains(run) || tasks.contains(key(run, id));
    }

    /** How many cancellations (runs and single tasks) have been read. */
    public int size() {
        return runs.size() + tasks.size();
    }

    private static String key(String run, String id) {
        return run + '\u0000' + id;
    }
}
