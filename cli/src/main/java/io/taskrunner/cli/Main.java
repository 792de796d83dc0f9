package io.taskrunner.cli;

import io.taskrunner.core.kafka.KafkaAuthenticationException;
import io.taskrunner.core.kafka.KafkaAuthorizationException;
import io.taskrunner.core.kafka.KafkaUnreachableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code taskrunner} launcher. Exit codes: 0 success, 1 runtime error, 2 usage error (bad flag or
 * setting), 3 incomplete collection (see {@code collector --help}).
 */
@Command(name = "taskrunner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "concurrent.futures for a fleet of JVMs, over Apache Kafka.",
        subcommands = {BrokerCommand.class, WorkerCommand.class, ProducerCommand.class, CollectorCommand.class,
                DemoCommand.class, UiCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INCOMPLETE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.console() != null) {
            TerminalScreen.install(); // before anything logs, and before the writers below wrap the streams
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the launcher with {@code args}, writing to the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err);
        commandLine.setParameterExceptionHandler((ex, ignored) -> {
            String command = ex.getCommandLine().getCommandName();
            String help = "taskrunner".equals(command) ? "taskrunner --help" : "taskrunner " + command + " --help";
            ex.getCommandLine().getErr().println("taskrunner: " + ex.getMessage() + " (see '" + help + "')");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, ignored) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("taskrunner " + cmd.getCommandName() + ": " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof KafkaUnreachableException || ex instanceof KafkaAuthenticationException
                    || ex instanceof KafkaAuthorizationException) {
                cmd.getErr().println("taskrunner " + cmd.getCommandName() + ": " + ex.getMessage());
                return EXIT_ERROR;
            }
            cmd.getErr().println("taskrunner " + cmd.getCommandName() + ": error: " + ex);
            return EXIT_ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: broker, worker, producer, collector or demo");
    }
}
