package io.taskrunner.worker.internal;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Offsets of one partition whose tasks finish out of order: the offset that may be committed is the
 * lowest one still running, or one past the highest seen when none is running, so a restart never skips
 * a task that had not finished. Not thread-safe: used by the poll thread only.
 */
final class PartitionOffsets {
    private final TreeSet<Long> running = new TreeSet<>();
    private long highestSeen = -1;
    private long lastCommitted = -1;

    void started(long offset) {
        running.add(offset);
        highestSeen = Math.max(highestSeen, offset);
    }

    void finished(long offset) {
        running.remove(offset);
    }

    int running() {
        return running.size();
    }

    /** The offset to commit now, if it moved since the last commit. */
    OptionalLong toCommit() {
        if (highestSeen < 0) {
            return OptionalLong.empty();
        }
        long next = running.isEmpty() ? highestSeen + 1 : running.first();
        return next > lastCommitted ? OptionalLong.of(next) : OptionalLong.empty();
    }

    void committed(long offset) {
        lastCommitted = Math.max(lastCommitted, offset);
    }
}
