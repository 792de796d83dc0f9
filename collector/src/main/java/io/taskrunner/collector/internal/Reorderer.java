package io.taskrunner.collector.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Submission order with bounded memory: a result that arrives before an earlier one is held back as its
 * offset on the results partition only (8 bytes), never its payload; when the gap closes, the results
 * become ready in sequence order, and the collector finds their payloads in {@link HeldBackPayloads} or
 * reads them again from the partition by offset.
 *
 * <p>Held-back offsets sit in a ring indexed by {@code seq - next}, grown by doubling. Not thread-safe.
 */
public final class Reorderer {
    /** A result whose turn has come: its sequence number and where it is on the results partition. */
    public record Ready(long seq, long offset) {
    }

    private long[] ring = new long[64];
    private int head;
    private long next;
    private long held;

    /** Takes the result of task {@code seq}, found at {@code offset}; ignored if that seq was emitted already. */
    public void accept(long seq, long offset) {
        if (seq < next) {
            return;
        }
        long distance = seq - next;
        ensureCapacity(distance + 1);
        int index = (int) ((head + distance) % ring.length);
        if (ring[index] == 0) {
            held++;
        }
        ring[index] = offset + 1;
    }

    /** Removes and returns up to {@code max} results that may be emitted now, in sequence order. */
    public List<Ready> takeReady(int max) {
        List<Ready> ready = new ArrayList<>();
        while (ready.size() < max && ring[head] != 0) {
            ready.add(new Ready(next, ring[head] - 1));
            ring[head] = 0;
            head = (head + 1) % ring.length;
            next++;
            held--;
        }
        return ready;
    }

    /** Results waiting for an earlier one (or for {@link #takeReady} to be called). */
    public long heldBack() {
        return held;
    }

    /** Bytes this reorderer holds, whatever the payload sizes: 8 per slot of its ring. */
    public long footprintBytes() {
        return 8L * ring.length;
    }

    private void ensureCapacity(long needed) {
        if (needed <= ring.length) {
            return;
        }
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " results held back");
        }
        int capacity = ring.length;
        while (capacity < needed) {
            capacity *= 2;
        }
        long[] grown = new long[capacity];
        for (int i = 0; i < ring.length; i++) {
            grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
    }
}
