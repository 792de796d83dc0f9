package io.taskrunner.cli;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Small helpers for tests that run taskrunner as processes. */
final class ProcessFixtures {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private ProcessFixtures() {
    }

    /**
     * A port free now, for a process about to listen on it, and never one this JVM has handed out before:
     * the kernel may give the same port to two binds in a row once the first socket is closed (a broker
     * was once given the same port twice, for its listener and its controller).
     */
    static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
