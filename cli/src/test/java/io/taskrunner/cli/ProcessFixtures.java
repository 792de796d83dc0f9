package io.taskrunner.cli;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small helpers for tests that run taskrunner as processes. */
final class ProcessFixtures {
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private ProcessFixtures() {
    }

    /** A port free now, never handed out before in this JVM ({@link FreePorts}). */
    static int freePort() {
        return FreePorts.next();
    }

    /** Lines in {@code file} so far (0 while it does not exist). */
    static long lineCount(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The results among {@code lines} written by {@code --format jsonl}. */
    static List<ResultMessage> jsonResults(String output) {
        return output.lines().filter(line -> line.startsWith("{"))
                .map(line -> (ResultMessage) CODEC.decodeResultsTopic(line.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
