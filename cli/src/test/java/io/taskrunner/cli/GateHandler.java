package io.taskrunner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Test-only handler of type {@code gate}: adds its worker's pid as a line to {@code <dir>/<name>.started},
 * then holds its slot until the
 * test writes {@code <dir>/<name>.open} (see {@link Gate}). Lets a test act while a task is known to be
 * running, and decide when it ends, instead of guessing with sleeps. Interrupting it fails the task.
 */
public final class GateHandler implements TaskHandler {
    @Override
    public String type() {
        return "gate";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) throws Exception {
        Path dir = Path.of(payload.path("dir").asText());
        String name = payload.path("name").asText();
        Files.writeString(dir.resolve(name + ".started"), ProcessHandle.current().pid() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path open = dir.resolve(name + ".open");
        try (WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(open)) {
                WatchKey key = watcher.poll(1, TimeUnit.SECONDS); // the file's creation, or a look again
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        return "passed " + name;
    }
}
