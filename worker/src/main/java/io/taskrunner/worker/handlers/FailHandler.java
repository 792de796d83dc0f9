package io.taskrunner.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.RetriableTaskException;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;

/**
 * {@code fail}: throws {@link RequestedFailure} with {@code payload.message}; for tests and demos.
 * With {@code {"untilAttempt": N}} it plays a flaky dependency instead: attempts before N throw
 * {@link RetriableTaskException}, attempt N returns {@code "succeeded on attempt N"}.
 */
public final class FailHandler implements TaskHandler {
    @Override
    public String type() {
        return "fail";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) throws RetriableTaskException {
        String message = payload.path("message").asText("task " + context.id() + " failed as requested");
        if (payload.has("untilAttempt")) {
            int until = payload.get("untilAttempt").asInt();
            if (context.attempt() < until) {
                throw new RetriableTaskException(message + " (attempt " + context.attempt() + ")");
            }
            return "succeeded on attempt " + context.attempt();
        }
        throw new RequestedFailure(message);
    }

    /** The failure a {@code fail} task asked for. */
    public static final class RequestedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RequestedFailure(String message) {
            super(message);
        }
    }
}
