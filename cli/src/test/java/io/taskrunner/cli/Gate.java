package io.taskrunner.cli;

import io.taskrunner.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The test's side of a {@link GateHandler}: the task payload, "has it started", and opening it. */
record Gate(Path dir, String name) {
    /** The JSON payload of a {@code gate} task held by this gate. */
    String payload() {
        return "{\"dir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"name\":\"" + name + "\"}";
    }

    /** One line of a {@code producer --input} file: a {@code gate} task. */
    String taskLine() {
        return "{\"type\":\"gate\",\"payload\":" + payload() + "}\n";
    }

    /** Waits until a task held by this gate has started running on a worker. */
    void awaitStarted(Duration timeout) throws InterruptedException {
        Await.until("a task at gate " + name + " started", timeout, () -> Files.exists(dir.resolve(name + ".started")));
    }

    /** The pids of the workers that started a task at this gate, in order; empty before the first. */
    java.util.List<Long> starts() {
        Path started = dir.resolve(name + ".started");
        try {
            return Files.exists(started)
                    ? Files.readAllLines(started).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList()
                    : java.util.List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Lets every task held by this gate, and any that comes later, finish. */
    void open() throws IOException {
        Files.writeString(dir.resolve(name + ".open"), "open");
    }
}
