package io.taskrunner.worker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Offsets of one partition whose tasks finish out of order: the offset that may be committed is the
 * lowest one still running, or one past the highest seen when none is running, so a restart never skips
 * a task that had not finished. Not thread-safe: used by the poll thread only.
 */
final class PartitionOffsets {
    private final TreeSet<Long> running = new TreeSet<>();
    private final TreeMap<Long, Outcome> unwritten = new TreeMap<>();
    private long highestSeen = -1;
    private long lastCommitted = -1;

    void started(long offset) {
        running.add(offset);
        highestSeen = Math.max(highestSeen, offset);
    }

    void finished(long offset) {
        running.remove(offset);
    }

    /** For exactly-once: the task is done and its outcome waits to be written with its offset. */
    void finished(long offset, Outcome outcome) {
        running.remove(offset);
        unwritten.put(offset, outcome);
    }

    /**
     * For exactly-once: removes and returns, in offset order, the outcomes below the lowest running task;
     * they are to be written in the same transaction as {@link #toCommit()}.
     */
    List<Outcome> takeWritable() {
        List<Outcome> writable = new ArrayList<>();
        long limit = running.isEmpty() ? Long.MAX_VALUE : running.first();
        while (!unwritten.isEmpty() && unwritten.firstKey() < limit) {
            writable.add(unwritten.pollFirstEntry().getValue());
        }
        return writable;
    }

    int unwritten() {
        return unwritten.size();
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
