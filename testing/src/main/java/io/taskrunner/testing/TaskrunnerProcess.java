package io.taskrunner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code taskrunner} command running as a separate JVM, for tests whose claims are about processes
 * (scaling out, crashes). Uses the runnable jar named by system property {@code taskrunner.jar} when it
 * exists, else this JVM's class path. Standard output and error go to files under {@code logDir}.
 */
public final class TaskrunnerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private TaskrunnerProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The JVM options of the test suite's processes: a small heap and a collector that needs no thread of its own. */
    public static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

    public static TaskrunnerProcess start(Path logDir, String name, String... args) {
        return start(logDir, name, false, TEST_JVM, args);
    }

    /**
     * Starts the command in a JVM with exactly {@code jvmOptions} (none: the JVM's own defaults, as
     * {@code bin/taskrunner} starts it), rather than the test suite's {@link #TEST_JVM}.
     */
    public static TaskrunnerProcess startWithJvm(Path logDir, String name, List<String> jvmOptions, String... args) {
        return start(logDir, name, false, jvmOptions, args);
    }

    /**
     * Starts the command the way users start it: through {@code launcher} ({@code bin/taskrunner-java}, which
     * picks each command's JVM options) on the jar named by the {@code taskrunner.jar} system property.
     */
    public static TaskrunnerProcess startWithLauncher(Path logDir, String name, Path launcher, String... args) {
        return start(logDir, name, launcherCommand(launcher, args));
    }

    /** The command line that runs {@code args} through {@code launcher}, as {@link #startWithLauncher} does. */
    public static List<String> launcherCommand(Path launcher, String... args) {
        String jar = System.getProperty("taskrunner.jar", "");
        if (jar.isEmpty() || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the launcher needs the built jar: set -Dtaskrunner.jar (now '" + jar + "')");
        }
        List<String> command = new ArrayList<>(List.of(launcher.toString(), jar));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts the command in a JVM whose heap is at most {@code maxHeap} (e.g. {@code "64m"}), logging its
     * garbage collections to {@code NAME.gc.log} so a test can report the heap it really used.
     */
    public static TaskrunnerProcess startWithHeap(Path logDir, String name, String maxHeap, String... args) {
        return start(logDir, name, false, List.of("-Xmx" + maxHeap, "-Xlog:gc:file=" + logDir.resolve(name + ".gc.log"),
                "-XX:+UseSerialGC"), args);
    }

    /**
     * The largest heap still occupied after a full collection (live data), in MB, from {@code NAME.gc.log};
     * when no full collection ran, the largest occupancy after any collection (an upper bound); -1 when the
     * log has neither.
     */
    public static long peakHeapAfterGcMb(Path logDir, String name) {
        java.util.regex.Pattern afterGc = java.util.regex.Pattern.compile("->(\\d+)M\\(");
        long peakFull = -1;
        long peakAny = -1;
        for (String line : read(logDir.resolve(name + ".gc.log")).split("\n")) {
            java.util.regex.Matcher matcher = afterGc.matcher(line);
            if (matcher.find()) {
                long mb = Long.parseLong(matcher.group(1));
                peakAny = Math.max(peakAny, mb);
                if (line.contains("Pause Full")) {
                    peakFull = Math.max(peakFull, mb);
                }
            }
        }
        return peakFull >= 0 ? peakFull : peakAny;
    }

    /**
     * Starts the command from this JVM's class path, never the jar: for tests whose workers need handlers
     * that only the test class path has.
     */
    public static TaskrunnerProcess startFromClassPath(Path logDir, String name, String... args) {
        return start(logDir, name, true, TEST_JVM, args);
    }

    private static TaskrunnerProcess start(Path logDir, String name, boolean classPathOnly, List<String> jvmOptions,
                                           String... args) {
        List<String> command = new ArrayList<>(launcher(classPathOnly, jvmOptions));
        command.addAll(List.of(args));
        return start(logDir, name, command);
    }

    private static TaskrunnerProcess start(Path logDir, String name, List<String> command) {
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            return new TaskrunnerProcess(name, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * The command line that starts {@code taskrunner} on {@code jvmOptions}, subcommand to follow: the jar
     * named by the {@code taskrunner.jar} system property where it exists, else this JVM's class path.
     */
    public static List<String> launcher(List<String> jvmOptions) {
        return launcher(false, jvmOptions);
    }

    private static List<String> launcher(boolean classPathOnly, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String jar = System.getProperty("taskrunner.jar", "");
        if (!classPathOnly && !jar.isEmpty() && Files.isRegularFile(Path.of(jar))) {
            command.add("-jar");
            command.add(jar);
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("io.taskrunner.cli.Main");
        }
        return command;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until standard output contains {@code text}; fails fast if the process exits first. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stdout().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '" + text
                        + "'; stderr:\n" + tail(stderr()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + timeout + "; stderr:\n" + tail(stderr()));
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; stderr:\n" + tail(stderr()));
        }
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then waits for the process to exit; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends SIGTERM without waiting. */
    public void signalTerminate() {
        process.destroy();
    }

    /** Waits until standard error contains {@code text}; fails fast if the process exits first. */
    public void awaitError(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stderr().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging '" + text
                        + "'; stderr:\n" + tail(stderr()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not log '" + text + "' within " + timeout + "; stderr:\n" + tail(stderr()));
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
