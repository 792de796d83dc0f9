package io.taskrunner.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A task to submit: its type, its payload and, optionally, its id (null lets the producer choose).
 */
public record TaskSpec(String id, String type, JsonNode payload) {
    public TaskSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("task type must not be blank");
        }
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank when given");
        }
        payload = payload == null ? NullNode.getInstance() : payload;
    }

    public static TaskSpec of(String type, JsonNode payload) {
        return new TaskSpec(null, type, payload);
    }
}
