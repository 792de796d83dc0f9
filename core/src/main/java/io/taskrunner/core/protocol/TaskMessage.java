package io.taskrunner.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A task as it travels on the tasks topic (wire protocol v1, see docs/PROTOCOL.md).
 *
 * @param v           protocol major version; always {@link ProtocolCodec#VERSION} when written by this code
 * @param id          task id, unique within its run
 * @param run         the run the task belongs to
 * @param seq         submission sequence within the run, dense from 0
 * @param type        selects the handler that runs the task
 * @param payload     the handler's input, any JSON value
 * @param submittedAt epoch milliseconds when the producer submitted it
 * @param attempt     1 for the first attempt
 * @param maxAttempts how many attempts the task may take in all
 * @param timeoutMs   time limit for one attempt in milliseconds; 0 means none
 */
public record TaskMessage(int v, String id, String run, long seq, String type, JsonNode payload,
                          long submittedAt, int attempt, int maxAttempts, long timeoutMs) {
    /** Sequence numbers are below this: a collector keeps one bit per task of a run. */
    public static final long SEQ_LIMIT = Integer.MAX_VALUE;

    public TaskMessage {
        Fields.requireText(id, "id");
        Fields.requireText(run, "run");
        Fields.requireText(type, "type");
        if (seq < 0 || seq >= SEQ_LIMIT) {
            throw new ProtocolException("seq must be >= 0 and < " + SEQ_LIMIT + ", was " + seq);
        }
        payload = payload == null ? NullNode.getInstance() : payload;
        attempt = attempt <= 0 ? 1 : attempt;
        maxAttempts = Math.max(maxAttempts, attempt);
        if (timeoutMs < 0) {
            throw new ProtocolException("timeoutMs must be >= 0, was " + timeoutMs);
        }
    }

    /** A first attempt of a new task, with no time limit. */
    public static TaskMessage first(String id, String run, long seq, String type, JsonNode payload, long submittedAt) {
        return new TaskMessage(ProtocolCodec.VERSION, id, run, seq, type, payload, submittedAt, 1, 1, 0);
    }
}
