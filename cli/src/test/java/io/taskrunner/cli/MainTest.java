package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: flags, exit codes and one-line errors. No broker needed. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownFlagExitsTwoWithOneClearLine() {
        Run run = run("worker", "--bootstrap-servers", "h:1", "--concurency", "3");

        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("Unknown options: '--concurency'").contains("taskrunner worker --help");
    }

    @Test
    void aMissingRequiredFlagIsNamed() {
        Run run = run("producer", "--bootstrap-servers", "h:1", "--count", "1", "--type", "echo");

        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("Missing required option: '--run=RUN_ID'");
    }

    @Test
    void badValuesAreRejectedBeforeAnythingConnects() {
        assertThat(run("collector", "--bootstrap-servers", "h:1", "--run", "r", "--order", "random").err())
                .contains("--order").contains("COMPLETION, SUBMISSION");
        assertThat(run("collector", "--bootstrap-servers", "h:1", "--run", "r", "--timeout", "soon").err())
                .contains("'soon' is not a duration");
        Run badRun = run("producer", "--bootstrap-servers", "h:1", "--run", "no spaces", "--count", "1", "--type", "echo");
        assertThat(badRun.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badRun.err()).contains("--run 'no spaces' is not a valid run id");
        Run badServers = run("worker", "--bootstrap-servers", "localhost");
        assertThat(badServers.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badServers.err()).contains("'localhost' is not host:port");
        Run shareExactlyOnce = run("worker", "--bootstrap-servers", "h:1", "--exactly-once");
        assertThat(shareExactlyOnce.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(shareExactlyOnce.err()).contains("--exactly-once needs --source consumer");
        Run badTypes = run("worker", "--bootstrap-servers", "h:1", "--types", "echo,resize");
        assertThat(badTypes.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badTypes.err()).contains("--types names [resize] but no handler runs it");
        Run badConcurrency = run("worker", "--bootstrap-servers", "h:1", "--concurrency", "0");
        assertThat(badConcurrency.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badConcurrency.err()).contains("--concurrency must be 1..1024, was 0");
        Run prefetchWithConsumer = run("worker", "--bootstrap-servers", "h:1", "--source", "consumer",
                "--prefetch", "32");
        assertThat(prefetchWithConsumer.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(prefetchWithConsumer.err()).contains("--prefetch applies to --source share only");
        Run shortToken = run("ui", "--bootstrap-servers", "h:1", "--ui-token", "short");
        assertThat(shortToken.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(shortToken.err()).contains("--ui-token must be at least 8 characters");
        Run badPort = run("ui", "--bootstrap-servers", "h:1", "--port", "70000");
        assertThat(badPort.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badPort.err()).contains("--port must be 0..65535, was 70000");
    }

    @Test
    void collectorOutputFlagsGoWithTheirMode() {
        Run dirWithRun = run("collector", "--bootstrap-servers", "h:1", "--run", "r", "--output-dir", "d");
        assertThat(dirWithRun.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(dirWithRun.err()).contains("--output-dir is for following every run");

        Run fileWithoutRun = run("collector", "--bootstrap-servers", "h:1", "--output", "f.jsonl");
        assertThat(fileWithoutRun.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(fileWithoutRun.err()).contains("--output needs --run");
    }

    @Test
    void producerNeedsExactlyOneTaskSource() {
        Run both = run("producer", "--bootstrap-servers", "h:1", "--run", "r", "--count", "1", "--type", "echo",
                "--input", "x.jsonl");
        assertThat(both.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(both.err()).contains("give either --input FILE or --count N --type TYPE, not both");

        Run neither = run("producer", "--bootstrap-servers", "h:1", "--run", "r");
        assertThat(neither.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(neither.err()).contains("give --input FILE, or --count N with --type TYPE");

        Run badPayload = run("producer", "--bootstrap-servers", "h:1", "--run", "r", "--count", "1", "--type", "echo",
                "--payload", "{oops");
        assertThat(badPayload.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badPayload.err()).contains("--payload is not valid JSON");

        Run tooMany = run("producer", "--bootstrap-servers", "h:1", "--run", "r", "--count", "2147483648", "--type",
                "echo");
        assertThat(tooMany.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(tooMany.err()).contains("--count must be >= 0 and at most 2147483647 (the most tasks a run can hold)");
    }

    @Test
    void cancelTakesNoTasksAndOnlyTheCancelAction() {
        Run withTasks = run("producer", "cancel", "--bootstrap-servers", "h:1", "--run", "r", "--count", "1",
                "--type", "echo");
        assertThat(withTasks.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(withTasks.err()).contains("'producer cancel' takes --run and optionally --id, no tasks");

        Run unknown = run("producer", "cancle", "--bootstrap-servers", "h:1", "--run", "r");
        assertThat(unknown.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknown.err()).contains("unknown action 'cancle'");

        Run idWithoutCancel = run("producer", "--bootstrap-servers", "h:1", "--run", "r", "--id", "3", "--count", "1",
                "--type", "echo");
        assertThat(idWithoutCancel.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(idWithoutCancel.err()).contains("--id goes with 'producer cancel'");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"broker", "worker", "producer", "collector", "demo", "ui"}) {
            Run run = run(command, "--help");
            assertThat(run.exit()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: taskrunner " + command);
        }
        assertThat(run().exit()).isEqualTo(Main.EXIT_USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"producer", "worker", "collector", "ui"})
    void anUnreachableBrokerIsReportedWithWhatToCheck(String command) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of(command, "--bootstrap-servers", "127.0.0.1:" + closedPort,
                "--connect-timeout", "2s"));
        if (command.equals("ui")) {
            args.addAll(List.of("--port", "0"));
        } else if (!command.equals("worker")) {
            args.addAll(List.of("--run", "r"));
        }
        if (command.equals("producer")) {
            args.addAll(List.of("--count", "1", "--type", "echo"));
        }

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.err()).contains("Kafka at 127.0.0.1:" + closedPort + " did not answer within 2s")
                .contains("check --bootstrap-servers");
    }

    @Test
    void aMissingInputFileIsNamed() {
        Run run = run("producer", "--bootstrap-servers", "h:1", "--run", "r", "--input", dir.resolve("none.jsonl").toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("none.jsonl").contains("does not exist");
    }

    @Test
    void anUnresolvableBrokerAddressIsAUsageError() {
        Run run = run("producer", "--bootstrap-servers", "no-such-host.invalid:9092", "--run", "r",
                "--count", "1", "--type", "echo");

        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("no-such-host.invalid:9092").contains("cannot be resolved");
    }

    @Test
    void durationsReadShortAndIsoForms() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).hasMillis(500);
        assertThat(converter.convert("30s")).hasSeconds(30);
        assertThat(converter.convert("5m")).hasMinutes(5);
        assertThat(converter.convert("PT2H")).hasHours(2);
    }
}
