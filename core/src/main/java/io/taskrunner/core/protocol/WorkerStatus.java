package io.taskrunner.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What a worker says of itself on the workers topic, every few seconds while it runs and once when it stops:
 * its slots, the tasks it is running now and how many it has finished. A reader that hears nothing from a
 * worker for a few intervals can call it stale (killed, hung, or cut off from Kafka).
 *
 * @param v          protocol major version
 * @param kind       always {@value #KIND}
 * @param worker     the worker process, {@code host:pid} as in a result's {@code worker}
 * @param group      the worker's group
 * @param slots      how many tasks it runs at a time
 * @param running    the tasks running now, at most {@link #MAX_LISTED} of them
 * @param done       attempts finished since it started, whatever their status
 * @param failed     of those, the attempts that did not succeed
 * @param startedAt  epoch ms when the worker started
 * @param at         epoch ms when this status was made
 * @param intervalMs how often the worker sends its status
 * @param state      {@value #RUNNING} or {@value #STOPPED} (the last status of a worker that stopped cleanly)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerStatus(int v, String kind, String worker, String group, int slots, List<RunningTask> running,
                           long done, long failed, long startedAt, long at, long intervalMs, String state) {
    public static final String KIND = "worker-status";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    /** The most running tasks one status lists. */
    public static final int MAX_LISTED = 100;

    public WorkerStatus {
        kind = KIND;
        Fields.requireText(worker, "worker");
        group = Objects.requireNonNullElse(group, "");
        running = running == null ? List.of() : List.copyOf(running.subList(0, Math.min(running.size(), MAX_LISTED)));
        state = Objects.requireNonNullElse(state, RUNNING);
        if (slots < 0 || done < 0 || failed < 0 || intervalMs < 0) {
            throw new ProtocolException("slots, done, failed and intervalMs must be >= 0");
        }
    }

    public static WorkerStatus of(String worker, String group, int slots, List<RunningTask> running, long done,
                                  long failed, long startedAt, long at, long intervalMs, boolean stopped) {
        return new WorkerStatus(ProtocolCodec.VERSION, KIND, worker, group, slots, running, done, failed, startedAt, at,
                intervalMs, stopped ? STOPPED : RUNNING);
    }

    /** One task a worker is running: which, and since when (epoch ms). */
    public record RunningTask(String id, String run, String type, int attempt, long startedAt) {
        public RunningTask {
            Fields.requireText(id, "id");
            Fields.requireText(run, "run");
            type = Objects.requireNonNullElse(type, "");
        }
    }
}
