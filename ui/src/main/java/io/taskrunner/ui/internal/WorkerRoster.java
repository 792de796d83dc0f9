package io.taskrunner.ui.internal;

import io.taskrunner.core.protocol.WorkerStatus;
import io.taskrunner.core.protocol.WorkerStatus.RunningTask;
import io.taskrunner.ui.Views.WorkerView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers the view has heard of, each by its last status. A worker is stale when it has been silent for
 * over {@value #STALE_INTERVALS} of its status intervals, and forgotten after {@link #FORGET_AFTER_MS}.
 * Not thread-safe: the {@link Board} guards it.
 */
final class WorkerRoster {
    static final int STALE_INTERVALS = 3;
    static final long FORGET_AFTER_MS = 3_600_000;

    private final Map<String, WorkerStatus> latest = new LinkedHashMap<>();

    void heard(WorkerStatus status) {
        WorkerStatus known = latest.get(status.worker());
        if (known == null || known.at() <= status.at()) {
            latest.put(status.worker(), status);
        }
    }

    List<WorkerView> views(long now) {
        latest.values().removeIf(status -> now - status.at() > FORGET_AFTER_MS);
        List<WorkerView> views = new ArrayList<>();
        for (WorkerStatus status : latest.values()) {
            long silent = Math.max(0, now - status.at());
            boolean stopped = WorkerStatus.STOPPED.equals(status.state());
            views.add(new WorkerView(status.worker(), status.group(), status.slots(),
                    stopped ? List.of() : status.running(), status.done(), status.failed(), status.startedAt(),
                    status.at(), silent, !stopped && stale(status, now), stopped));
        }
        views.sort(Comparator.comparing(WorkerView::worker));
        return views;
    }

    /** Tasks that live workers run now, by run and task id, with the worker running each. */
    Map<String, Map<String, Running>> runningByRun(long now) {
        Map<String, Map<String, Running>> byRun = new HashMap<>();
        for (WorkerStatus status : latest.values()) {
            if (WorkerStatus.STOPPED.equals(status.state()) || stale(status, now)) {
                continue;
            }
            for (RunningTask task : status.running()) {
                byRun.computeIfAbsent(task.run(), run -> new HashMap<>())
                        .put(task.id(), new Running(status.worker(), task));
            }
        }
        return byRun;
    }

    private static boolean stale(WorkerStatus status, long now) {
        return now - status.at() > STALE_INTERVALS * Math.max(status.intervalMs(), 1000);
    }

    /** A running task and the worker that runs it. */
    record Running(String worker, RunningTask task) {
    }
}
