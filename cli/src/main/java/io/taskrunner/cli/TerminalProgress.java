package io.taskrunner.cli;

import io.taskrunner.collector.ProgressListener;
import java.time.Clock;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A live progress line on a terminal: done/total, failed, rate, ETA; redrawn at most 4 times a second, on a
 * {@link TerminalScreen} that clears it whenever anything else is printed.
 */
final class TerminalProgress implements ProgressListener {
    private final TerminalScreen screen;
    private final Clock clock;
    private final long startedAt;
    private long drawnAt;

    TerminalProgress(TerminalScreen screen, Clock clock) {
        this.screen = screen;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    @Override
    public void update(long answered, OptionalLong expected, long failed) {
        long now = clock.millis();
        if (now - drawnAt < 250) {
            return;
        }
        drawnAt = now;
        screen.showProgress(line(answered, expected, failed, now - startedAt));
    }

    /** Removes the progress line: the summary that follows says the same, for good. */
    void finish() {
        screen.clearProgress();
    }

    static String line(long answered, OptionalLong expected, long failed, long elapsedMs) {
        double rate = answered / Math.max(0.001, elapsedMs / 1000.0);
        String total = expected.isPresent() ? String.valueOf(expected.getAsLong()) : "?";
        String eta = expected.isPresent() && rate > 0
                ? String.format(Locale.ROOT, ", ETA %ds", (long) ((expected.getAsLong() - answered) / rate)) : "";
        return String.format(Locale.ROOT, "%d/%s done, %d failed, %.1f/s%s", answered, total, failed, rate, eta);
    }
}
