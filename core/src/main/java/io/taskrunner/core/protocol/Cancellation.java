package io.taskrunner.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request on the control topic to cancel one task of a run, or the whole run when {@code id} is null.
 * Workers skip cancelled tasks that have not started and answer them with a CANCELLED result.
 *
 * @param v           protocol major version
 * @param kind        always {@value #KIND}
 * @param run         the run
 * @param id          the task to cancel; null cancels every task of the run
 * @param requestedAt epoch ms when it was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cancellation(int v, String kind, String run, String id, long requestedAt) {
    public static final String KIND = "cancel";

    public Cancellation {
        kind = KIND;
        Fields.requireText(run, "run");
        if (id != null && id.isBlank()) {
            throw new ProtocolException("field 'id' must not be blank when given");
        }
    }

    public static Cancellation of(String run, String id, long requestedAt) {
        return new Cancellation(ProtocolCodec.VERSION, KIND, run, id, requestedAt);
    }

    /** Whether this cancels the given task. */
    public boolean covers(String taskRun, String taskId) {
        return run.equals(taskRun) && (id == null || id.equals(taskId));
    }
}
