package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reaches a terminal that stdout and stderr share: the progress line is cleared before any other line. */
class TerminalScreenTest {
    private static final String CLEAR = "\r\u001b[K";

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final PrintStream device = new PrintStream(terminal, true, StandardCharsets.UTF_8);
    private final TerminalScreen screen = new TerminalScreen(device, device);

    private String shown() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aResultLineClearsTheProgressLineFirstAndTheNextDrawComesBelowIt() {
        PrintStream out = screen.out();

        screen.showProgress("50/120 done");
        out.print("Received: task 51 result 51\n");
        out.flush();
        screen.showProgress("51/120 done");

        assertThat(shown()).isEqualTo(CLEAR + "50/120 done" + CLEAR + "Received: task 51 result 51\n" + CLEAR + "51/120 done");
    }

    @Test
    void standardErrorClearsItToo() {
        screen.showProgress("3/? done");
        screen.err().println("12:00:00.000 WARN  ResultCollector - Skipping undecodable record");

        assertThat(shown()).startsWith(CLEAR + "3/? done" + CLEAR + "12:00:00.000 WARN");
    }

    @Test
    void noProgressIsDrawnAmidAHalfWrittenLine() {
        PrintStream out = screen.out();

        out.print("Received: task 1");
        out.flush();
        screen.showProgress("1/2 done");
        out.print(" result 1\n");
        out.flush();

        assertThat(shown()).isEqualTo("Received: task 1 result 1\n");
    }

    @Test
    void clearingWhenNothingIsDrawnWritesNothing() {
        screen.clearProgress();
        screen.out().println("x");

        assertThat(shown()).isEqualTo("x" + System.lineSeparator());
    }
}
