package io.taskrunner.ui.internal;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.ui.Views.RunSummary;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One run as the view has read it. Counts are kept by {@code seq} in bit sets, so they are of distinct tasks
 * (a result written twice counts once) and cost an eighth of a byte a task; task rows are kept for the first
 * {@code maxRows} tasks, and for failed ones up to {@code maxRows} more. Not thread-safe: the {@link Board}
 * guards it.
 */
final class RunState {
    /** Tasks numbered beyond this are counted without a bit each. */
    static final long MAX_TRACKED_SEQ = 100_000_000;
    /**
     * How far above what the run has shown so far (records read, or its seal) a task number may be and still get
     * its bit: task numbers are dense from 0, so one far above the rest is bad input, and a bit set sized by it
     * would take the heap.
     */
    static final long SEQ_HEADROOM = 1_000_000;

    final String run;
    /** The earliest submission time read for the run (epoch ms). */
    long startedAt = Long.MAX_VALUE;
    long lastActivityAt;
    private final int maxRows;
    private final BitSet submitted = new BitSet();
    private final BitSet done = new BitSet();
    private final BitSet failed = new BitSet();
    private long untrackedSubmitted;
    private long untrackedDone;
    private long untrackedFailed;
    private long sealedCount = -1;
    private long recordsRead;
    private boolean cancelled;
    private boolean capped;
    private boolean rowsDropped;
    private long rowBytes;
    private final Map<String, TaskRow> rows = new HashMap<>();
    private final RateWindow rate = new RateWindow();

    RunState(String run, long now, int maxRows) {
        this.run = run;
        this.lastActivityAt = now;
        this.maxRows = maxRows;
    }

    /** Returns by how many bytes (estimated) the run's task rows grew. */
    long submitted(String id, long seq, String type, long submittedAt, long now) {
        read(submittedAt, now);
        if (tracked(seq)) {
            submitted.set((int) seq);
        } else {
            untrackedSubmitted++;
        }
        if (!rows.containsKey(id)) {
            if (rows.size() < maxRows && !rowsDropped) {
                TaskRow row = new TaskRow(id, seq, type, submittedAt);
                rows.put(id, row);
                return grow(row.bytes());
            }
            capped = true;
        }
        return 0;
    }

    /** Returns by how many bytes (estimated) the run's task rows grew. */
    long finished(ResultMessage result, long now) {
        read(result.submittedAt(), now);
        boolean failure = result.status() != TaskStatus.SUCCEEDED;
        boolean first = true;
        if (tracked(result.seq())) {
            int seq = (int) result.seq();
            first = !done.get(seq);
            done.set(seq);
            failed.set(seq, failure);
        } else {
            untrackedDone++;
            untrackedFailed += failure ? 1 : 0;
        }
        if (first) {
            rate.count(result.finishedAt());
        }
        TaskRow row = rows.get(result.id());
        if (row == null && !rowsDropped && (rows.size() < maxRows || failure && rows.size() < 2L * maxRows)) {
            row = new TaskRow(result.id(), result.seq(), result.type(), result.submittedAt());
            rows.put(result.id(), row);
        } else if (row == null) {
            capped = true;
            return 0;
        }
        long before = row.bytes();
        row.finish(result);
        return grow(row.bytes() - before);
    }

    private long grow(long bytes) {
        rowBytes += bytes;
        return bytes;
    }

    /** Drops every task row, for good, to keep the view within its memory; returns the bytes freed. */
    long dropRows() {
        long freed = rowBytes;
        rows.clear();
        rowBytes = 0;
        rowsDropped = true;
        capped = true;
        return freed;
    }

    long rowBytes() {
        return rowBytes;
    }

    void sealed(long count, long now) {
        lastActivityAt = now;
        sealedCount = Math.max(sealedCount, count);
    }

    void cancelled(long now) {
        lastActivityAt = now;
        cancelled = true;
    }

    /** Notes a time at which the run had begun, e.g. a task's submission. */
    void began(long at) {
        if (at > 0) {
            startedAt = Math.min(startedAt, at);
        }
    }

    TaskRow row(String id) {
        return rows.get(id);
    }

    Collection<TaskRow> rows() {
        return rows.values();
    }

    boolean capped() {
        return capped;
    }

    boolean complete() {
        return sealedCount >= 0 && doneCount() >= sealedCount;
    }

    long doneCount() {
        return done.cardinality() + untrackedDone;
    }

    /** The run's figures now; {@code inFlight} is what live workers say they run of it. */
    RunSummary summary(long inFlight, long now) {
        long doneCount = doneCount();
        long failedCount = failed.cardinality() + untrackedFailed;
        long submittedCount = Math.max(submitted.cardinality() + untrackedSubmitted, Math.max(sealedCount, doneCount));
        long remaining = Math.max(0, submittedCount - doneCount);
        double perSecond = rate.perSecond(now);
        Long eta = remaining == 0 ? Long.valueOf(0) : perSecond > 0 ? Long.valueOf((long) Math.ceil(remaining / perSecond)) : null;
        return new RunSummary(run, submittedCount, sealedCount >= 0, doneCount, doneCount - failedCount, failedCount,
                inFlight, remaining, Math.round(perSecond * 10) / 10.0, eta, complete(), cancelled,
                startedAt == Long.MAX_VALUE ? 0 : startedAt,
                lastActivityAt, rows.size(), capped, rowsDropped);
    }

    /** Notes a task record of the run read at {@code now}, submitted at {@code submittedAt}. */
    private void read(long submittedAt, long now) {
        lastActivityAt = now;
        began(submittedAt);
        recordsRead++;
    }

    private boolean tracked(long seq) {
        return seq >= 0 && seq < MAX_TRACKED_SEQ && seq <= Math.max(sealedCount, recordsRead) + SEQ_HEADROOM;
    }
}
