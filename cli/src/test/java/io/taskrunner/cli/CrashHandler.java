package io.taskrunner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;

/** Test-only handler of type {@code crash}: kills its worker JVM on the spot, like a poison task would. */
public final class CrashHandler implements TaskHandler {
    @Override
    public String type() {
        return "crash";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) {
        Runtime.getRuntime().halt(137);
        return null;
    }
}
