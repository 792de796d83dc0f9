package io.taskrunner.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Java program of the harness's class path as a process of its own and times it from start to exit,
 * JVM start included, as a user's shell would; watches its peak resident memory on the way.
 */
final class TimedProcess {
    /** The JVM options Kafka's perf-test scripts run with (their heap, kafka-run-class's G1 settings). */
    static final List<String> KAFKA_TOOL_JVM = List.of("-Xmx512M", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");

    /** How long a program ran and the most memory it held resident. */
    record Timing(double seconds, double peakMib) {
    }

    private TimedProcess() {
    }

    /** Runs {@code mainClass} with {@code args} on {@code jvmOptions}; output goes to {@code out}. */
    static Timing run(List<String> jvmOptions, String mainClass, List<String> args, Path out) throws Exception {
        return run(System.getProperty("java.class.path"), jvmOptions, mainClass, args, out);
    }

    /** Runs {@code mainClass} of {@code classpath} with {@code args} on {@code jvmOptions}; output goes to {@code out}. */
    static Timing run(String classpath, List<String> jvmOptions, String mainClass, List<String> args, Path out)
            throws Exception {
        return time(command(classpath, jvmOptions, mainClass, args), out);
    }

    /** Starts {@code mainClass} with {@code args} on {@code jvmOptions} and returns at once; output goes to {@code out}. */
    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path out) throws IOException {
        return new ProcessBuilder(command(System.getProperty("java.class.path"), jvmOptions, mainClass, args)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static List<String> command(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /** Runs {@code command} and times it; fails when it does not exit 0 within ten minutes. */
    static Timing time(List<String> command, Path out) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        double peakMib = 0;
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            peakMib = Math.max(peakMib, residentHighWaterMib(status));
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(command.size() - 1) + " ran over 10 minutes; see " + out);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("process exited with " + process.exitValue() + "; see " + out);
        }
        return new Timing(seconds, peakMib);
    }

    /** {@code VmHWM} of a live process, in MiB; 0 where /proc does not say (not Linux, or just exited). */
    private static double residentHighWaterMib(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between waitFor and the read
        }
        return 0;
    }
}
