package io.taskrunner.cli;

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
        RequiredPrograms.find("prometheus", "prometheus", program);
    }
}
