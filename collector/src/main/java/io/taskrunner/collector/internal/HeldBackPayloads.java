package io.taskrunner.collector.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Some held-back results, kept in memory so that they need not be read back from the results partition
 * when their turn comes: those nearest the head of the submission order (lowest sequence numbers), within
 * a budget of entries and of bytes (each result weighs its encoded size; the decoded result kept takes a
 * small multiple of that). A result that does not fit is not kept; the
 * collector reads it back by offset ({@link PayloadFetcher}), as it does every result once the budget is
 * spent. Results that arrive slightly out of order (slots finishing together) so never cost a read, while
 * the memory stays bounded whatever the payloads and however long the head is missing. Not thread-safe.
 */
public final class HeldBackPayloads<T> {
    /** Encoded bytes of the results kept, at most. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
    /** Results kept at most, whatever their size. */
    public static final int DEFAULT_MAX_ENTRIES = 8192;

    private final long maxBytes;
    private final int maxEntries;
    /** Kept results by sequence number, so the one furthest from the head is the first to go. */
    private final TreeMap<Long, Kept<T>> bySeq = new TreeMap<>();
    private long bytes;

    private record Kept<T>(T result, long weight) {
    }

    public HeldBackPayloads() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    public HeldBackPayloads(long maxBytes, int maxEntries) {
        if (maxBytes < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("budgets must not be negative, were " + maxBytes + " and " + maxEntries);
        }
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Keeps the result of task {@code seq}, {@code weight} bytes encoded, if it fits, making room by dropping
     * results with higher sequence numbers; otherwise does nothing.
     */
    public void keep(long seq, T result, long weight) {
        if (weight > maxBytes || maxEntries == 0 || bySeq.containsKey(seq)) {
            return;
        }
        while (bytes + weight > maxBytes || bySeq.size() >= maxEntries) {
            Map.Entry<Long, Kept<T>> furthest = bySeq.lastEntry();
            if (furthest.getKey() < seq) {
                return; // everything kept is nearer the head than this one
            }
            drop(furthest.getKey());
        }
        bySeq.put(seq, new Kept<>(result, weight));
        bytes += weight;
    }

    /** Removes and returns the result kept for task {@code seq}, or null if it was not kept. */
    public T take(long seq) {
        return bySeq.containsKey(seq) ? drop(seq).result() : null;
    }

    /** Results kept now. */
    public int size() {
        return bySeq.size();
    }

    /** Encoded bytes of the results kept now. */
    public long bytes() {
        return bytes;
    }

    private Kept<T> drop(long seq) {
        Kept<T> kept = bySeq.remove(seq);
        bytes -= kept.weight();
        return kept;
    }
}
