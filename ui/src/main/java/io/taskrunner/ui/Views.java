package io.taskrunner.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.WorkerStatus.RunningTask;
import java.util.List;

/** What the web view serves under {@code /api}, as JSON (docs/WEBVIEW.md lists the routes). */
public final class Views {
    private Views() {
    }

    /**
     * One run, as far as the view has read: counts are of distinct tasks (by {@code seq}) and exact whatever
     * the per-run cap on task rows.
     *
     * @param submitted      tasks seen on the tasks topic, or the seal's count when larger
     * @param sealed         whether the producer has sealed the run (its count is final)
     * @param inFlight       tasks of the run that live workers say they are running
     * @param remaining      submitted tasks without a result
     * @param ratePerSecond  results a second over the last 10 s
     * @param etaSeconds     remaining / rate, null when nothing is finishing
     * @param complete       sealed and every task has a result
     * @param startedAt      the earliest submission time read for the run (epoch ms), 0 if none yet
     * @param lastActivityAt when the view last read something of the run (epoch ms, the view's clock)
     * @param tasksKept      task rows kept for the run's task list
     * @param tasksCapped    whether some tasks have no row because of the cap
     * @param tasksDropped   whether the run's rows were dropped to keep the view within its memory for rows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunSummary(String run, long submitted, boolean sealed, long done, long succeeded, long failed,
                             long inFlight, long remaining, double ratePerSecond, Long etaSeconds, boolean complete,
                             boolean cancelled, long startedAt, long lastActivityAt, int tasksKept,
                             boolean tasksCapped, boolean tasksDropped) {
    }

    /**
     * One task of a run. {@code status} is a result's status, or {@code RUNNING} while a live worker says it
     * runs it, or {@code PENDING}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskView(String id, long seq, String type, String status, String worker, int attempt,
                           long submittedAt, Long startedAt, Long finishedAt, Long durationMs, TaskError error) {
    }

    /** One page of a run's tasks, filtered and ordered by {@code seq} on the server. */
    public record TaskPage(String run, long total, int page, int size, List<TaskView> tasks, boolean capped,
                           int cap) {
    }

    /**
     * One worker, from its last status on the workers topic.
     *
     * @param silentForMs how long since its last status
     * @param stale       silent for over three of its status intervals: killed, hung or cut off
     * @param stopped     its last status said it stopped cleanly
     */
    public record WorkerView(String worker, String group, int slots, List<RunningTask> running, long done,
                             long failed, long startedAt, long lastHeartbeatAt, long silentForMs, boolean stale,
                             boolean stopped) {
    }

    /** One record of the dead-letter topic with its reason headers; {@code value} is cut at 2,000 characters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadLetterView(String topic, int partition, long offset, long timestamp, String key, String reason,
                                 String detail, String origin, Integer deliveryCount, String run, String id,
                                 String value) {
    }

    /** The dead letters kept (the newest {@code cap}) and how many the view has seen. */
    public record DeadLetters(long total, int cap, List<DeadLetterView> entries) {
    }
}
