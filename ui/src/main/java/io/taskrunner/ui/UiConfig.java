package io.taskrunner.ui;

import io.taskrunner.core.kafka.Topics;
import java.util.Objects;

/**
 * The settings of {@code taskrunner ui}, validated as one value.
 *
 * @param topics         the topics to read (results, tasks, control, dead letters, workers)
 * @param host           the address to listen on; {@value #DEFAULT_HOST} unless the view is meant to be reached
 *                       from other machines, where a {@code token} should protect it
 * @param port           the port to listen on, 0 for a free one
 * @param token          when not null, every request must present it (see README, "Web view")
 * @param allowCancel    whether the page and the API may cancel runs and tasks; read-only otherwise
 * @param maxTasksPerRun the task rows kept per run; a run's counts stay exact beyond it, and failed tasks
 *                       get rows up to as many again
 * @param maxRuns        the runs kept; the least recently active finished run is forgotten beyond it
 * @param taskRowsMb     the memory (estimated, MB) that task rows of all runs may take together; beyond it the
 *                       least recently active run loses its rows (its counts stay)
 */
public record UiConfig(Topics topics, String host, int port, String token, boolean allowCancel, int maxTasksPerRun,
                       int maxRuns, int taskRowsMb) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_TASKS_PER_RUN = 10_000;
    public static final int DEFAULT_MAX_RUNS = 1_000;
    public static final int DEFAULT_TASK_ROWS_MB = 256;

    public UiConfig {
        Objects.requireNonNull(topics, "topics");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must name an address to listen on, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, was " + port);
        }
        if (token != null && token.length() < 8) {
            throw new IllegalArgumentException("--ui-token must be at least 8 characters");
        }
        if (maxTasksPerRun < 1) {
            throw new IllegalArgumentException("--max-tasks-per-run must be >= 1, was " + maxTasksPerRun);
        }
        if (maxRuns < 1) {
            throw new IllegalArgumentException("--max-runs must be >= 1, was " + maxRuns);
        }
        if (taskRowsMb < 1) {
            throw new IllegalArgumentException("--task-rows-mb must be >= 1, was " + taskRowsMb);
        }
    }

    /** Read-only, on {@value #DEFAULT_HOST}, with the default caps. */
    public static UiConfig of(Topics topics, int port) {
        return new UiConfig(topics, DEFAULT_HOST, port, null, false, DEFAULT_MAX_TASKS_PER_RUN, DEFAULT_MAX_RUNS,
                DEFAULT_TASK_ROWS_MB);
    }

    public UiConfig withToken(String newToken) {
        return new UiConfig(topics, host, port, newToken, allowCancel, maxTasksPerRun, maxRuns, taskRowsMb);
    }

    public UiConfig withCancel(boolean allow) {
        return new UiConfig(topics, host, port, token, allow, maxTasksPerRun, maxRuns, taskRowsMb);
    }

    public UiConfig withCaps(int tasksPerRun, int runs) {
        return new UiConfig(topics, host, port, token, allowCancel, tasksPerRun, runs, taskRowsMb);
    }
}
