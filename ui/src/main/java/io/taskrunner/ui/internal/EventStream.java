package io.taskrunner.ui.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events}: Server-Sent Events. Each {@code update} event carries the runs (the
 * {@value #RUNS_PUSHED} most recent), the workers, the dead-letter count and the board's version; one is
 * sent when a client connects and then whenever the board has changed, at most every {@value #PERIOD_MS} ms
 * (and every 2 s regardless, as staleness changes with time alone). A comment every 15 s keeps idle
 * connections open through proxies. Each client has its own writer thread and a short queue: a client that
 * stops reading without closing (a laptop gone to sleep) is dropped once its queue is full, and never holds
 * up the others. Its browser reconnects by itself.
 */
final class EventStream implements HttpHandler, AutoCloseable {
    static final int RUNS_PUSHED = 100;
    static final long PERIOD_MS = 300;
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final int QUEUED_EVENTS = 8;
    private static final byte[] END = new byte[0];

    private final Board board;
    private final ObjectMapper mapper;
    private final boolean readOnly;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
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
        Client client = new Client(exchange);
        client.offer(event()); // the current state first
        clients.add(client);
        client.start();
    }

    /** The payload of an update event. */
    Map<String, Object> snapshot() {
        return Map.of("version", board.version(), "runs", board.runs(RUNS_PUSHED), "runCount", board.runCount(),
                "workers", board.workers(), "deadLetters", board.deadLetters(0).total(), "readOnly", readOnly);
    }

    private byte[] event() throws IOException {
        return ("event: update\ndata: " + mapper.writeValueAsString(snapshot()) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void tick() {
        try {
            long version = board.version();
            long now = System.currentTimeMillis();
            if (version != sentVersion || now - sentAt >= 2_000) {
                byte[] event = event();
                clients.removeIf(client -> !client.offer(event));
                sentVersion = version;
                sentAt = now;
            } else if (now - sentAt >= KEEP_ALIVE_MS) {
                byte[] comment = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
                clients.removeIf(client -> !client.offer(comment));
                sentAt = now;
            }
        } catch (IOException | RuntimeException e) {
            // Never let the ticker die: the next tick tries again.
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.forEach(Client::stop);
        clients.clear();
    }

    /** One connected browser: its events queue up here and its own thread writes them. */
    private final class Client implements Runnable {
        private final HttpExchange exchange;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_EVENTS);
        private final Thread writer;
        private volatile boolean gone;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
            this.writer = new Thread(this, "taskrunner-ui-events-client");
            writer.setDaemon(true);
        }

        void start() {
            writer.start();
        }

        /** False, and the client stopped, when it is gone or has stopped reading. */
        boolean offer(byte[] bytes) {
            if (gone || !queue.offer(bytes)) {
                stop();
                return false;
            }
            return true;
        }

        void stop() {
            gone = true;
            queue.clear();
            queue.offer(END);
            writer.interrupt();
        }

        @Override
        public void run() {
            try {
                for (byte[] bytes = queue.take(); bytes != END && !gone; bytes = queue.take()) {
                    exchange.getResponseBody().write(bytes);
                    exchange.getResponseBody().flush();
                }
            } catch (IOException | InterruptedException e) {
                // gone: the browser closed the page, or the view stops
            } finally {
                gone = true;
                exchange.close();
            }
        }
    }
}
