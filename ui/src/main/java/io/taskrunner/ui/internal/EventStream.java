package io.taskrunner.ui.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events}: Server-Sent Events. Each {@code update} event carries the runs (the
 * {@value #RUNS_PUSHED} most recent), the workers, the dead-letter count and the board's version; one is
 * sent when a client connects and then whenever the board has changed, at most every {@value #PERIOD_MS} ms.
 * A comment every 15 s keeps idle connections open through proxies. A client that cannot be written to is
 * dropped; its browser reconnects by itself.
 */
final class EventStream implements HttpHandler, AutoCloseable {
    static final int RUNS_PUSHED = 100;
    static final long PERIOD_MS = 300;
    private static final long KEEP_ALIVE_MS = 15_000;

    private final Board board;
    private final ObjectMapper mapper;
    private final boolean readOnly;
    private final List<OutputStream> clients = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<OutputStream> joining = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskrunner-ui-events");
        thread.setDaemon(true);
        return thread;
    });
    private long sentVersion = -1;
    private long sentAt;

    EventStream(Board board, ObjectMapper mapper, boolean readOnly) {
        this.board = board;
        this.mapper = mapper;
        this.readOnly = readOnly;
        ticker.scheduleWithFixedDelay(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            Exchanges.error(exchange, 405, "GET only", mapper);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        joining.add(exchange.getResponseBody()); // the ticker sends it the current state first
    }

    /** The payload of an update event. */
    Map<String, Object> snapshot() {
        return Map.of("version", board.version(), "runs", board.runs(RUNS_PUSHED), "runCount", board.runCount(),
                "workers", board.workers(), "deadLetters", board.deadLetters(0).total(), "readOnly", readOnly);
    }

    private void tick() {
        try {
            long version = board.version();
            long now = System.currentTimeMillis();
            boolean changed = version != sentVersion;
            // Staleness changes with time alone: resend every few seconds even when nothing was read.
            boolean due = changed || now - sentAt >= 2_000;
            if (due || !joining.isEmpty()) {
                byte[] event = ("event: update\ndata: " + mapper.writeValueAsString(snapshot()) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                for (OutputStream joiner; (joiner = joining.poll()) != null; ) {
                    if (write(joiner, event)) {
                        clients.add(joiner);
                    }
                }
                if (due) {
                    clients.removeIf(client -> !write(client, event));
                    sentVersion = version;
                    sentAt = now;
                }
            } else if (now - sentAt >= KEEP_ALIVE_MS) {
                byte[] comment = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
                clients.removeIf(client -> !write(client, comment));
                sentAt = now;
            }
        } catch (IOException | RuntimeException e) {
            // Never let the ticker die: the next tick tries again.
        }
    }

    private static boolean write(OutputStream client, byte[] bytes) {
        try {
            client.write(bytes);
            client.flush();
            return true;
        } catch (IOException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
            return false;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.forEach(client -> write(client, new byte[0]));
        for (OutputStream client : clients) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
