package io.taskrunner.collector.internal;

import io.taskrunner.core.protocol.ResultMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Knows, for one run, which tasks have a result and whether the run is complete. The first result of a
 * task counts; any later one (a re-run after a worker crash) is a duplicate.
 */
public final class RunTracker {
    private final Set<String> answeredIds = new HashSet<>();
    private final BitSet answeredSeqs = new BitSet();
    private long expected = -1;
    private long duplicates;

    /** Records a result; returns false when its task already had one. */
    public boolean accept(ResultMessage result) {
        if (!answeredIds.add(result.id())) {
            duplicates++;
            return false;
        }
        if (result.seq() >= 0 && result.seq() < Integer.MAX_VALUE) {
            answeredSeqs.set((int) result.seq());
        }
        return true;
    }

    public void seal(long count) {
        expected = count;
    }

    public boolean complete() {
        return expected >= 0 && answeredIds.size() >= expected;
    }

    public long answered() {
        return answeredIds.size();
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
        for (long seq = 0; seq < expected; seq++) {
            if (!answeredSeqs.get((int) seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }
}
