package io.taskrunner.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data archive ({@code taskrunner.jsa}, see {@code bin/taskrunner-java}):
 * run once at build time under {@code -XX:ArchiveClassesAtExit}, it starts each client command the way a
 * user does, against an address where no broker listens, so that the classes those commands load before
 * their first request (picocli, logging, the codec, the Kafka clients, the metrics) are in the archive. Every
 * later start maps them ready-parsed and verified instead of loading them from the jar: about a tenth of a
 * short collector run. Nothing here connects anywhere or writes anything but the archive.
 */
final class ClassArchiveTraining {
    /** No broker listens here: each command gives up after {@link #CONNECT_TIMEOUT}. */
    private static final String NOWHERE = "127.0.0.1:9";
    private static final String CONNECT_TIMEOUT = "300ms";

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) {
        // Before anything logs: the refused connections are the point, not news.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        List<List<String>> commands = List.of(
                List.of("--help"),
                List.of("collector", "--run", "training"),
                List.of("producer", "--run", "training", "--count", "1", "--type", "echo"),
                List.of("worker"));
        PrintWriter nowhere = new PrintWriter(System.out);
        for (List<String> command : commands) {
            String[] full = command.size() == 1 ? command.toArray(String[]::new) : withKafka(command);
            Main.execute(full, nowhere, nowhere);
        }
        System.exit(0);
    }

    private static String[] withKafka(List<String> command) {
        return Stream.concat(command.stream(), Stream.of(
                "--bootstrap-servers", NOWHERE, "--connect-timeout", CONNECT_TIMEOUT)).toArray(String[]::new);
    }
}
