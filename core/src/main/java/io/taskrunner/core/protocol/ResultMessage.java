package io.taskrunner.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The outcome of one task attempt, published by the worker that ran it (wire protocol v1).
 *
 * @param v           protocol major version
 * @param kind        always {@value #KIND}
 * @param id          the task id
 * @param run         the task's run
 * @param seq         the task's submission sequence, within [0, {@link TaskMessage#SEQ_LIMIT})
 * @param type        the task type
 * @param status      how it ended
 * @param value       the handler's return value when {@code status} is SUCCEEDED, else null
 * @param error       what went wrong when it did not succeed, else null
 * @param attempt     which attempt produced this result
 * @param worker      the worker process that ran it, {@code host:pid}
 * @param submittedAt epoch ms when submitted
 * @param startedAt   epoch ms when the handler started (or the worker picked it up, if it never ran)
 * @param finishedAt  epoch ms when the result was made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultMessage(int v, String kind, String id, String run, long seq, String type, TaskStatus status,
                            JsonNode value, TaskError error, int attempt, String worker,
                            long submittedAt, long startedAt, long finishedAt) implements ResultsTopicMessage {
    public static final String KIND = "result";

    public ResultMessage {
        kind = KIND;
        Fields.requireText(id, "id");
        Fields.requireText(run, "run");
        if (seq < 0 || seq >= TaskMessage.SEQ_LIMIT) { // filed by it: a collector keeps one bit per task
            throw new ProtocolException("seq must be >= 0 and < " + TaskMessage.SEQ_LIMIT + ", was " + seq);
        }
        if (status == null) {
            throw new ProtocolException("field 'status' is missing");
        }
        if (status != TaskStatus.SUCCEEDED && error == null) {
            throw new ProtocolException("a " + status + " result needs an 'error'");
        }
        type = Objects.requireNonNullElse(type, "");
        worker = Objects.requireNonNullElse(worker, "");
    }

    /** A result for {@code task} with the given outcome, stamped as made by {@code worker}. */
    public static ResultMessage of(TaskMessage task, TaskStatus status, JsonNode value, TaskError error,
                                   String worker, long startedAt, long finishedAt) {
        return new ResultMessage(ProtocolCodec.VERSION, KIND, task.id(), task.run(), task.seq(), task.type(), status,
                value, error, task.attempt(), worker, task.submittedAt(), startedAt, finishedAt);
    }
}
