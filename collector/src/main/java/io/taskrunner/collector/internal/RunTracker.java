package io.taskrunner.collector.internal;

import io.taskrunner.core.protocol.TaskMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * Knows, for one run, which tasks have a result and whether the run is complete. Sequence numbers are
 * dense (0..n-1), so one bit per task is enough: the first result of a task counts, any later one (a re-run
 * after a worker crash) is a duplicate.
 */
public final class RunTracker {
    private final BitSet answered = new BitSet();
    private long answeredCount;
    private long expected = -1;
    private long duplicates;

    /** Records the result of task {@code seq}; returns false when that task already had one. */
    public boolean accept(long seq) {
        if (seq < 0 || seq >= TaskMessage.SEQ_LIMIT) {
            throw new IllegalArgumentException("sequence number " + seq + " is out of range");
        }
        if (answered.get((int) seq)) {
            duplicates++;
            return false;
        }
        answered.set((int) seq);
        answeredCount++;
        return true;
    }

    public void seal(long count) {
        expected = count;
    }

    public boolean complete() {
        return expected >= 0 && answeredCount >= expected;
    }

    public long answered() {
        return answeredCount;
    }

    public long duplicates() {
        return duplicates;
    }

    public OptionalLong expected() {
        return expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected);
    }

    /** Sequence numbers of the sealed run that have no result; empty when not sealed. */
    public List<Long> missingSeqs() {
        List<Long> missing = new ArrayList<>();
        for (int seq = answered.nextClearBit(0); seq < expected; seq = answered.nextClearBit(seq + 1)) {
            missing.add((long) seq);
        }
        return missing;
    }
}
