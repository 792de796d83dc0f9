package io.taskrunner.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Reads tasks from JSON Lines, one {@code {"type": "...", "payload": {...}, "id": "...", "maxAttempts": N,
 * "timeoutMs": N}} object a line (all but {@code type} optional; blank lines skipped). Errors name the line.
 */
public final class JsonLinesTaskReader {
    private final ObjectMapper mapper;

    public JsonLinesTaskReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Passes each task of {@code reader} to {@code sink} in line order.
     *
     * @return how many tasks were read
     * @throws IllegalArgumentException naming the line of the first invalid task
     */
    public long read(BufferedReader reader, Consumer<TaskSpec> sink) {
        long lineNumber = 0;
        long tasks = 0;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                sink.accept(parse(line, lineNumber));
                tasks++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tasks input at line " + (lineNumber + 1), e);
        }
        return tasks;
    }

    private TaskSpec parse(String line, long lineNumber) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("line " + lineNumber + ": expected a JSON object with a \"type\"");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new IllegalArgumentException("line " + lineNumber + ": \"type\" is missing or not a string");
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
            throw new IllegalArgumentException("line " + lineNumber + ": \"id\" must be a string or an integer");
        }
        int maxAttempts = (int) optionalWholeNumber(node, "maxAttempts", 1, lineNumber);
        long timeoutMs = optionalWholeNumber(node, "timeoutMs", 0, lineNumber);
        return new TaskSpec(id == null ? null : id.asText(), type.asText(), node.get("payload"), maxAttempts, timeoutMs);
    }

    private static long optionalWholeNumber(JsonNode node, String field, long min, long lineNumber) {
        JsonNode value = node.get(field);
        if (value == null) {
            return 0;
        }
        if (!value.canConvertToInt() || value.asLong() < min) {
            throw new IllegalArgumentException("line " + lineNumber + ": \"" + field + "\" must be a whole number >= "
                    + min + ", was " + value);
        }
        return value.asLong();
    }
}
