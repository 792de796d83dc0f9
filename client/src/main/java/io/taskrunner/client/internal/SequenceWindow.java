package io.taskrunner.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values by sequence number, for numbers handed out in increasing order from 0 and each settled once: kept in
 * a ring indexed by {@code seq - oldest}, grown by doubling, that spans from the oldest number not yet settled
 * to the newest one put. A value costs one slot of the ring, not a map entry and a boxed key: a client with a
 * million tasks waiting holds a million futures and a 4-8 MB ring.
 *
 * <p>A number is settled when its value is removed, or when it is {@linkplain #skip skipped} (it will never
 * have a value). Until every number below it is settled, the ring keeps a slot for each number from the oldest
 * unsettled one on. Not thread-safe.
 */
public final class SequenceWindow<T> {
    private static final Object SETTLED = new Object();

    private Object[] ring = new Object[64];
    /** The slot of {@link #oldest}. */
    private int head;
    /** Every number below it is settled. */
    private long oldest;
    private int size;

    /**
     * Puts the value of {@code seq}.
     *
     * @throws IllegalArgumentException when {@code seq} is settled, or already has a value
     */
    public void put(long seq, T value) {
        int index = slot(seq, true);
        if (index < 0 || ring[index] != null) {
            throw new IllegalArgumentException("sequence number " + seq + " already has a value or is settled");
        }
        ring[index] = value;
        size++;
    }

    /** Removes and returns the value of {@code seq}, settling it; null when it has none (settled or never put). */
    @SuppressWarnings("unchecked")
    public T remove(long seq) {
        int index = slot(seq, false);
        if (index < 0 || ring[index] == null || ring[index] == SETTLED) {
            return null;
        }
        T value = (T) ring[index];
        settle(index);
        size--;
        return value;
    }

    /** Settles {@code seq}, which will never have a value. No effect on a number already settled or holding a value. */
    public void skip(long seq) {
        int index = slot(seq, true);
        if (index >= 0 && ring[index] == null) {
            settle(index);
        }
    }

    /** Removes and returns every value held with its sequence number, in sequence order, settling them. */
    @SuppressWarnings("unchecked")
    public List<Map.Entry<Long, T>> removeAll() {
        List<Map.Entry<Long, T>> values = new ArrayList<>(size);
        for (int i = 0; i < ring.length; i++) {
            int index = (head + i) % ring.length;
            Object slot = ring[index];
            if (slot != null && slot != SETTLED) {
                values.add(Map.entry(oldest + i, (T) slot));
                ring[index] = SETTLED;
            }
        }
        size = 0;
        advancePastSettled();
        return values;
    }

    /** Values held. */
    public int size() {
        return size;
    }

    /** Slots of the ring: what the window costs besides its values (4 or 8 bytes each). */
    int capacity() {
        return ring.length;
    }

    /** The ring index of {@code seq}; -1 when it is settled, or beyond the ring and {@code grow} is false. */
    private int slot(long seq, boolean grow) {
        if (seq < oldest) {
            return -1;
        }
        long distance = seq - oldest;
        if (distance >= ring.length) {
            if (!grow) {
                return -1;
            }
            grow(distance + 1);
        }
        return (int) ((head + distance) % ring.length);
    }

    private void settle(int index) {
        ring[index] = SETTLED;
        advancePastSettled();
    }

    /** Moves {@link #oldest} past the settled numbers at the head, freeing their slots. */
    private void advancePastSettled() {
        while (ring[head] == SETTLED) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            oldest++;
        }
    }

    private void grow(long needed) {
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than " + (Integer.MAX_VALUE - 8) + " numbers unsettled");
        }
        int length = ring.length;
        while (length < needed) {
            length = (int) Math.min((long) length * 2, Integer.MAX_VALUE - 8);
        }
        Object[] grown = new Object[length];
        for (int i = 0; i < ring.length; i++) {
            grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
    }
}
