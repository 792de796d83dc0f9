package io.taskrunner.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs some tests run from the PATH (promtool, chromium, docker-compose, ...). They are part of what
 * {@code mvn verify} needs (README; .ci/run installs them), so a missing one fails the test with the step
 * that installs it; {@code -Dtaskrunner.<what>=skip} skips those tests instead, for a machine where the
 * package cannot be installed.
 */
final class RequiredPrograms {
    private RequiredPrograms() {
    }

    /**
     * The first of {@code names} on the PATH. Fails (or, with {@code -Dtaskrunner.<skipKey>=skip}, skips) the
     * calling test when there is none, naming the Debian packages that bring it.
     */
    static Path find(String debianPackages, String skipKey, String... names) {
        for (String name : names) {
            Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                    .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        String missing = String.join(" or ", names) + " is not on the PATH: install it (Debian/Ubuntu: "
                + "sudo apt-get install " + debianPackages + ")";
        String property = "taskrunner." + skipKey;
        Assumptions.assumeFalse("skip".equals(System.getProperty(property)),
                missing + "; skipped because -D" + property + "=skip");
        throw new AssertionError(missing + ", or run with -D" + property + "=skip to skip the tests that need it");
    }
}
