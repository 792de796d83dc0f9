package io.taskrunner.ui.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.WorkerStatus;
import io.taskrunner.ui.Views.DeadLetters;
import io.taskrunner.ui.Views.RunSummary;
import io.taskrunner.ui.Views.TaskPage;
import io.taskrunner.ui.Views.TaskView;
import io.taskrunner.ui.Views.WorkerView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything the view shows, built from the topics: runs, workers and dead letters. One reader thread
 * feeds it and the HTTP threads query it; every method is synchronized. {@link #version} grows with every
 * change, so pushes are sent only when something changed. Bounded: {@code maxRuns} runs (the least
 * recently active complete run is forgotten first, then the least recently active), task rows per
 * {@link RunState} and, all runs together, {@code maxRowBytes} of them (the least recently active run loses
 * its rows first), {@value DeadLetterLog#CAP} dead letters.
 */
public final class Board {
    private final int maxRuns;
    private final int maxTasksPerRun;
    private final long maxRowBytes;
    private long rowBytes;
    private final LongSupplier clock;
    private final Map<String, RunState> runs = new HashMap<>();
    private final WorkerRoster workers = new WorkerRoster();
    private final DeadLetterLog deadLetters;
    private final AtomicLong version = new AtomicLong();

    /** @param maxRowBytes the memory (estimated) that the task rows of all runs may take together */
    public Board(int maxRuns, int maxTasksPerRun, long maxRowBytes, ProtocolCodec codec, LongSupplier clock) {
        this.maxRuns = maxRuns;
        this.maxRowBytes = maxRowBytes;
        this.maxTasksPerRun = maxTasksPerRun;
        this.deadLetters = new DeadLetterLog(codec);
        this.clock = clock;
    }

    public long version() {
        return version.get();
    }

    public synchronized void submitted(TaskMessage task) {
        RunState run = state(task.run());
        rowBytes += run.submitted(task.id(), task.seq(), task.type(), task.submittedAt(), clock.getAsLong());
        keepWithinBudget(run);
        version.incrementAndGet();
    }

    public synchronized void finished(ResultMessage result) {
        RunState run = state(result.run());
        rowBytes += run.finished(result, clock.getAsLong());
        keepWithinBudget(run);
        version.incrementAndGet();
    }

    public synchronized void sealed(String run, long count) {
        state(run).sealed(count, clock.getAsLong());
        version.incrementAndGet();
    }

    /** A run seen on the control topic: a start notice, written at {@code startedAt}. */
    public synchronized void seen(String run, long startedAt) {
        state(run).began(startedAt);
        version.incrementAndGet();
    }

    /** A cancellation of a whole run. */
    public synchronized void cancelled(String run) {
        state(run).cancelled(clock.getAsLong());
        version.incrementAndGet();
    }

    public synchronized void worker(WorkerStatus status) {
        workers.heard(status);
        version.incrementAndGet();
    }

    public synchronized void deadLetter(ConsumerRecord<String, byte[]> record) {
        deadLetters.add(record);
        version.incrementAndGet();
    }

    /** Runs, the most recently active first. */
    public synchronized List<RunSummary> runs(int limit) {
        long now = clock.getAsLong();
        Map<String, Map<String, WorkerRoster.Running>> running = workers.runningByRun(now);
        return runs.values().stream().sorted(Comparator.comparingLong((RunState run) -> run.startedAt).reversed())
                .limit(limit).map(run -> run.summary(running.getOrDefault(run.run, Map.of()).size(), now)).toList();
    }

    public synchronized int runCount() {
        return runs.size();
    }

    public synchronized Optional<RunSummary> run(String id) {
        RunState run = runs.get(id);
        long now = clock.getAsLong();
        return run == null ? Optional.empty()
                : Optional.of(run.summary(workers.runningByRun(now).getOrDefault(id, Map.of()).size(), now));
    }

    /** A page of a run's tasks matching {@code query}, by {@code seq}; empty when the run is unknown. */
    public synchronized Optional<TaskPage> tasks(String runId, TaskQuery query) {
        RunState run = runs.get(runId);
        if (run == null) {
            return Optional.empty();
        }
        Map<String, WorkerRoster.Running> running = workers.runningByRun(clock.getAsLong()).getOrDefault(runId, Map.of());
        List<TaskView> matching = new ArrayList<>();
        for (TaskRow row : run.rows()) {
            TaskView view = view(row, running.get(row.id));
            if (query.matches(view.status(), view.type(), view.id())) {
                matching.add(view);
            }
        }
        matching.sort(Comparator.comparingLong(TaskView::seq).thenComparing(TaskView::id));
        int from = (int) Math.min(matching.size(), (long) query.page() * query.size());
        int to = Math.min(matching.size(), from + query.size());
        return Optional.of(new TaskPage(runId, matching.size(), query.page(), query.size(),
                List.copyOf(matching.subList(from, to)), run.capped(), maxTasksPerRun));
    }

    public synchronized Optional<TaskView> task(String runId, String taskId) {
        RunState run = runs.get(runId);
        TaskRow row = run == null ? null : run.row(taskId);
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(view(row, workers.runningByRun(clock.getAsLong()).getOrDefault(runId, Map.of()).get(taskId)));
    }

    public synchronized List<WorkerView> workers() {
        return workers.views(clock.getAsLong());
    }

    public synchronized DeadLetters deadLetters(int limit) {
        return deadLetters.newest(limit);
    }

    private static TaskView view(TaskRow row, WorkerRoster.Running running) {
        if (row.finished()) {
            return new TaskView(row.id, row.seq, row.type, row.status.name(), row.worker, row.attempt, row.submittedAt,
                    row.startedAt, row.finishedAt, Math.max(0, row.finishedAt - row.startedAt), row.error);
        }
        if (running != null) {
            return new TaskView(row.id, row.seq, row.type, "RUNNING", running.worker(), running.task().attempt(),
                    row.submittedAt, running.task().startedAt(), null, null, null);
        }
        return new TaskView(row.id, row.seq, row.type, "PENDING", null, 0, row.submittedAt, null, null, null, null);
    }

    private RunState state(String id) {
        RunState run = runs.get(id);
        if (run == null) {
            if (runs.size() >= maxRuns) {
                forgetOne();
            }
            run = new RunState(id, clock.getAsLong(), maxTasksPerRun);
            runs.put(id, run);
        }
        return run;
    }

    /**
     * Over the budget for task rows, drops the rows of the least recently active run other than {@code current},
     * and of {@code current} itself only when it is the last one holding rows.
     */
    private void keepWithinBudget(RunState current) {
        while (rowBytes > maxRowBytes) {
            RunState victim = runs.values().stream().filter(run -> run != current && run.rowBytes() > 0)
                    .min(Comparator.comparingLong(run -> run.lastActivityAt)).orElse(current);
            rowBytes -= victim.dropRows();
            if (victim == current) {
                return;
            }
        }
    }

    private void forgetOne() {
        Comparator<RunState> byActivity = Comparator.comparingLong(run -> run.lastActivityAt);
        runs.values().stream().filter(RunState::complete).min(byActivity)
                .or(() -> runs.values().stream().min(byActivity))
                .ifPresent(run -> {
                    runs.remove(run.run);
                    rowBytes -= run.rowBytes();
                });
    }
}
