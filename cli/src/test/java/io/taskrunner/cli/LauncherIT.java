package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/taskrunner-java}, the launcher behind {@code bin/taskrunner} and the image, on the jar and class-data
 * archive {@code mvn package} built: the archive is used at every start, and each command gets its JVM options.
 * No broker needed. The JVM reports what it was started with ({@code -XX:+PrintCommandLineFlags}), and
 * {@code -Xshare:on} makes a JVM that cannot map its archive refuse to start.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("taskrunner.launcher"));
    private static final Path JAR = Path.of(System.getProperty("taskrunner.jar"));

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    @Test
    void everyStartMapsTheArchiveBuiltBesideTheJar() throws Exception {
        Run run = launch(JAR, "-Xshare:on -XX:+PrintCommandLineFlags", "--version");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("-XX:SharedArchiveFile=" + JAR.toString().replaceFirst("\\.jar$", ".jsa"))
                .contains("taskrunner ");
    }

    @Test
    void anArchiveThatDoesNotFitTheJarIsRefusedUnderXshareOn() throws Exception {
        // The same jar and archive, moved: the archive records the jar's path, so it no longer fits. This is
        // what the test above would see if the launcher passed an archive the JVM cannot use.
        Path jar = Files.copy(JAR, dir.resolve("taskrunner.jar"));
        Path archive = Files.copy(JAR.resolveSibling("taskrunner.jsa"), dir.resolve("taskrunner.jsa"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));

        assertThat(launch(jar, "-Xshare:on", "--version").exit()).isNotZero();
        assertThat(launch(jar, "", "--version").exit()).as("without -Xshare:on it starts, archive unused").isZero();
    }

    @Test
    void theCollectorRunsOnTheSerialCollectorAndTheOthersOnTheJvmDefault() throws Exception {
        Run collector = launch(JAR, "-XX:+PrintCommandLineFlags", "collector", "--help");
        Run worker = launch(JAR, "-XX:+PrintCommandLineFlags", "worker", "--help");

        assertThat(collector.exit()).isZero();
        assertThat(flags(collector)).contains("-XX:+UseSerialGC");
        assertThat(worker.exit()).isZero();
        assertThat(flags(worker)).doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void aCollectorTheUserPicksWinsOverTheLaunchers() throws Exception {
        Run run = launch(JAR, "-XX:+UseParallelGC -XX:+PrintCommandLineFlags", "collector", "--help");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(flags(run)).contains("-XX:+UseParallelGC").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void theProducerAndTheDemoRunOnTheClientCompilerOnlyAndTheWorkerOnBoth() throws Exception {
        Run producer = launch(JAR, "-XX:+PrintCommandLineFlags", "producer", "--help");
        Run demo = launch(JAR, "-XX:+PrintCommandLineFlags", "demo", "--help");
        Run worker = launch(JAR, "-XX:+PrintCommandLineFlags", "worker", "--help");

        assertThat(producer.exit()).as(producer.out()).isZero();
        assertThat(flags(producer)).contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:+UseSerialGC");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(flags(demo)).contains("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC");
        assertThat(worker.exit()).as(worker.out()).isZero();
        assertThat(flags(worker)).doesNotContain("TieredStopAtLevel");
    }

    @Test
    void aCompilerOptionTheUserPicksWinsOverTheLaunchers() throws Exception {
        Run run = launch(JAR, "-XX:TieredStopAtLevel=4 -XX:+PrintCommandLineFlags", "producer", "--help");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(flags(run)).contains("-XX:TieredStopAtLevel=4").doesNotContain("-XX:TieredStopAtLevel=1");
    }

    /** The JVM's own line of flags, the first it prints. */
    private static String flags(Run run) {
        return run.out().lines().findFirst().orElse("");
    }

    /** Runs the launcher on {@code jar} with {@code TASKRUNNER_JAVA_OPTS=javaOptions}, on this JVM's {@code java}. */
    private Run launch(Path jar, String javaOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The archive fits the JVM that made it: the build's, which runs this test too.
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv("PATH"));
        builder.environment().put("TASKRUNNER_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not exit: " + command);
        }
        return new Run(process.exitValue(), out);
    }
}
