package io.taskrunner.cli;

import io.taskrunner.ui.UiConfig;
import io.taskrunner.ui.WebView;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskrunner ui}: serves the live web view of runs, workers and failures until stopped. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve a live web view of runs, their tasks and failures, dead letters and workers, "
                + "built from the topics (it rebuilds itself after a restart). Read-only unless --allow-cancel; "
                + "the same data as JSON under /api (docs/WEBVIEW.md)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:error", "2:usage error"})
final class UiCommand implements Callable<Integer> {
    /** Where a token can be given without showing it in the process list. */
    static final String TOKEN_ENV = "TASKRUNNER_UI_TOKEN";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = UiConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Use 0.0.0.0 to "
                    + "expose the view, with --ui-token.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + UiConfig.DEFAULT_PORT,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--ui-token", paramLabel = "TOKEN",
            description = "Require this token (8+ characters) on every request: open the page once with ?token=TOKEN, "
                    + "or send 'Authorization: Bearer TOKEN'. Default: $" + TOKEN_ENV + ", else none.")
    String token;

    @Option(names = "--allow-cancel", description = "Let the page and the API cancel runs and tasks (default: read-only).")
    boolean allowCancel;

    @Option(names = "--max-tasks-per-run", paramLabel = "N", defaultValue = "" + UiConfig.DEFAULT_MAX_TASKS_PER_RUN,
            description = "Task rows kept per run (default: ${DEFAULT-VALUE}); counts stay exact beyond it, and "
                    + "failed tasks get rows up to as many again.")
    int maxTasksPerRun;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "" + UiConfig.DEFAULT_MAX_RUNS,
            description = "Runs kept (default: ${DEFAULT-VALUE}); the least recently active complete run goes first.")
    int maxRuns;

    @Option(names = "--task-rows-mb", paramLabel = "MB", defaultValue = "" + UiConfig.DEFAULT_TASK_ROWS_MB,
            description = "Memory for the task rows of all runs together (default: ${DEFAULT-VALUE}); beyond it the "
                    + "least recently active run loses its rows, never its counts. Give the JVM heap for it.")
    int taskRowsMb;

    @Override
    public Integer call() throws Exception {
        String fromEnv = System.getenv(TOKEN_ENV);
        String effectiveToken = token != null ? token : fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
        UiConfig config = new UiConfig(kafka.topics(), host, port, effectiveToken, allowCancel, maxTasksPerRun, maxRuns,
                taskRowsMb);
        CountDownLatch stopped = new CountDownLatch(1);
        try (WebView view = WebView.start(kafka.clients(), config)) {
            StopSignals.install("the web view", stopped::countDown);
            spec.commandLine().getOut().printf("Web view on http://%s:%d/ (%s%s)%n", displayHost(), view.port(),
                    allowCancel ? "cancel allowed" : "read-only", effectiveToken != null ? ", token required" : "");
            spec.commandLine().getOut().flush();
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                if (!view.isRunning()) {
                    spec.commandLine().getErr().println("The web view stopped reading Kafka (see the log above); "
                            + "stopping rather than showing stale data");
                    return Main.EXIT_ERROR;
                }
            }
        }
        return Main.EXIT_OK;
    }

    private String displayHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
