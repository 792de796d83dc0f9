package io.taskrunner.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;

/** {@code echo}: returns its payload unchanged. */
public final class EchoHandler implements TaskHandler {
    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) {
        return payload;
    }
}
