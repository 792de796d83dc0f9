package io.taskrunner.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;

/** {@code fail}: always throws {@link RequestedFailure} with {@code payload.message}; for tests and demos. */
public final class FailHandler implements TaskHandler {
    @Override
    public String type() {
        return "fail";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) {
        throw new RequestedFailure(payload.path("message").asText("task " + context.id() + " failed as requested"));
    }

    /** The failure a {@code fail} task asked for. */
    public static final class RequestedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RequestedFailure(String message) {
            super(message);
        }
    }
}
