package io.taskrunner.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The terminal that standard output and standard error share while a progress line is drawn on it. Once
 * {@linkplain #install() installed}, everything written to {@code System.out} or {@code System.err} (result
 * lines, summaries, log lines, from any thread) first clears the progress line, so no line is ever printed
 * onto it; {@link #showProgress} draws it again, below whatever was printed. Installed only when there is a
 * terminal; otherwise the streams stay as they are.
 */
final class TerminalScreen {
    private static final String CLEAR_LINE = "\r\u001b[K";
    private static volatile TerminalScreen installed;

    private final PrintStream terminalOut;
    private final PrintStream terminalErr;
    private boolean progressShown;
    /** Whether the last byte written ended a line: a progress line is never drawn over half a line. */
    private boolean atLineStart = true;

    /** A screen on the terminal that {@code terminalOut} and {@code terminalErr} write to. */
    TerminalScreen(PrintStream terminalOut, PrintStream terminalErr) {
        this.terminalOut = terminalOut;
        this.terminalErr = terminalErr;
    }

    /**
     * Puts a screen between {@code System.out}/{@code System.err} and the terminal. Call before anything is
     * logged: a console log appender keeps the stream it finds when it starts.
     */
    static TerminalScreen install() {
        TerminalScreen screen = new TerminalScreen(System.out, System.err);
        System.setOut(screen.out());
        System.setErr(screen.err());
        installed = screen;
        return screen;
    }

    /** The screen {@link #install()} put in place, if it ran: there is a terminal to draw progress on. */
    static Optional<TerminalScreen> installed() {
        return Optional.ofNullable(installed);
    }

    /** Standard output through this screen. */
    PrintStream out() {
        return new PrintStream(new Guarded(terminalOut), true);
    }

    /** Standard error through this screen. */
    PrintStream err() {
        return new PrintStream(new Guarded(terminalErr), true);
    }

    /** Draws {@code line} as the progress line, after everything printed so far; not amid a line. */
    synchronized void showProgress(String line) {
        if (!atLineStart) {
            return;
        }
        terminalOut.flush();
        terminalErr.print(CLEAR_LINE + line);
        terminalErr.flush();
        progressShown = true;
    }

    /** Removes the progress line, leaving the cursor at the start of its row. */
    synchronized void clearProgress() {
        if (progressShown) {
            terminalErr.print(CLEAR_LINE);
            terminalErr.flush();
            progressShown = false;
        }
    }

    /** A stream to the terminal that clears the progress line before it writes. */
    private final class Guarded extends OutputStream {
        private final PrintStream target;

        Guarded(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (TerminalScreen.this) {
                clearProgress();
                target.write(b);
                atLineStart = b == '\n';
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (TerminalScreen.this) {
                if (length == 0) {
                    return;
                }
                clearProgress();
                target.write(bytes, offset, length);
                atLineStart = bytes[offset + length - 1] == '\n';
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (TerminalScreen.this) {
                target.flush();
            }
        }
    }
}
