package io.taskrunner.ui.internal;

/**
 * Events a second over the last {@value #SECONDS} seconds, in one bucket a second, by the time each event
 * happened: events older than the window (read from history) are not counted. Not thread-safe.
 */
final class RateWindow {
    static final int SECONDS = 10;
    private final long[] counts = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];

    private long latest;

    void count(long atMs) {
        long second = atMs / 1000;
        if (second <= latest - SECONDS) {
            return;
        }
        latest = Math.max(latest, second);
        int slot = (int) (second % SECONDS);
        if (secondOf[slot] > second) {
            return;
        }
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** The mean rate over the last {@value #SECONDS} whole seconds and the current one. */
    double perSecond(long nowMs) {
        long second = nowMs / 1000;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second - secondOf[i] < SECONDS) {
                total += counts[i];
            }
        }
        return total / (double) SECONDS;
    }
}
