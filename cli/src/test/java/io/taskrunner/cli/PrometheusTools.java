package io.taskrunner.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus programs some tests run ({@code prometheus}, {@code promtool}). They are part of what
 * {@code mvn verify} needs (README: Debian's {@code prometheus} package), so a missing one fails the test
 * with the step that installs it; {@code -Dtaskrunner.prometheus=skip} skips those tests instead, for a
 * machine where the package cannot be installed.
 */
final class PrometheusTools {
    private PrometheusTools() {
    }

    /** Fails (or, when asked to, skips) the calling test unless {@code program} is on the PATH. */
    static void require(String program) {
        boolean installed = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
        if (installed) {
            return;
        }
        String missing = program + " is not on the PATH: install it (Debian/Ubuntu: sudo apt-get install prometheus)";
        Assumptions.assumeFalse("skip".equals(System.getProperty("taskrunner.prometheus")),
                missing + "; skipped because -Dtaskrunner.prometheus=skip");
        throw new AssertionError(missing + ", or run with -Dtaskrunner.prometheus=skip to skip the tests that need it");
    }
}
