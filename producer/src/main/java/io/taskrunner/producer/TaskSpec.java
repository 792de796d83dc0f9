package io.taskrunner.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A task to submit.
 *
 * @param id          the task id, or null to let the producer use the sequence number
 * @param type        selects the handler
 * @param payload     the handler's input (null becomes JSON null)
 * @param maxAttempts attempts allowed for retriable failures; 0 takes the producer's default
 * @param timeoutMs   time limit of one attempt in ms; 0 takes the producer's default (none unless set)
 */
public record TaskSpec(String id, String type, JsonNode payload, int maxAttempts, long timeoutMs) {
    public TaskSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("task type must not be blank");
        }
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank when given");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 when given, was " + maxAttempts);
        }
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be >= 0, was " + timeoutMs);
        }
        payload = payload == null ? NullNode.getInstance() : payload;
    }

    public TaskSpec(String id, String type, JsonNode payload) {
        this(id, type, payload, 0, 0);
    }

    public static TaskSpec of(String type, JsonNode payload) {
        return new TaskSpec(null, type, payload);
    }
}
