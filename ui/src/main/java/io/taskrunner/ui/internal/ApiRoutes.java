package io.taskrunner.ui.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The JSON API under {@code /api} (docs/WEBVIEW.md): runs, a run's tasks paged and filtered, one task,
 * workers, dead letters, and, only when the view allows it, cancelling a run or a task. A cancel must be a
 * POST carrying the header {@value #CANCEL_HEADER}, which a form on another site cannot send.
 */
final class ApiRoutes implements HttpHandler {
    static final String CANCEL_HEADER = "X-Taskrunner-Action";

    private final Board board;
    private final ObjectMapper mapper;
    private final BiConsumer<String, String> canceller;

    /** @param canceller cancels a run (task id null) or one task; null when the view is read-only */
    ApiRoutes(Board board, ObjectMapper mapper, BiConsumer<String, String> canceller) {
        this.board = board;
        this.mapper = mapper;
        this.canceller = canceller;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (IllegalArgumentException e) {
            Exchanges.error(exchange, 400, e.getMessage(), mapper);
        } catch (RuntimeException e) {
            Exchanges.error(exchange, 500, e.toString(), mapper);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getRawPath().replaceAll("/+$", "").split("/");
        // path[0] is "", path[1] is "api"
        String method = exchange.getRequestMethod();
        Map<String, String> query = Exchanges.query(exchange);
        String what = path.length > 2 ? path[2] : "";
        if ("POST".equals(method) && what.equals("runs") && path.length >= 5 && path[path.length - 1].equals("cancel")) {
            cancel(exchange, Exchanges.decode(path[3]), path.length == 7 && path[4].equals("tasks")
                    ? Exchanges.decode(path[5]) : null, path.length == 5 || path.length == 7 && path[4].equals("tasks"));
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            Exchanges.error(exchange, 405, method + " is not served here", mapper);
            return;
        }
        switch (what) {
            case "runs" -> runs(exchange, path, query);
            case "workers" -> Exchanges.json(exchange, 200, Map.of("workers", board.workers()), mapper);
            case "dead-letters" -> Exchanges.json(exchange, 200,
                    board.deadLetters(limit(query, 100, DeadLetterLog.CAP)), mapper);
            default -> Exchanges.error(exchange, 404, "no such API: " + exchange.getRequestURI().getPath(), mapper);
        }
    }

    private void runs(HttpExchange exchange, String[] path, Map<String, String> query) throws IOException {
        if (path.length == 3) {
            Exchanges.json(exchange, 200, Map.of("runs", board.runs(limit(query, 100, 10_000)),
                    "total", board.runCount()), mapper);
            return;
        }
        String run = Exchanges.decode(path[3]);
        Object body;
        if (path.length == 4) {
            body = board.run(run).orElse(null);
        } else if (path.length == 5 && path[4].equals("tasks")) {
            body = board.tasks(run, TaskQuery.of(query)).orElse(null);
        } else if (path.length == 6 && path[4].equals("tasks")) {
            body = board.task(run, Exchanges.decode(path[5])).orElse(null);
        } else {
            Exchanges.error(exchange, 404, "no such API: " + exchange.getRequestURI().getPath(), mapper);
            return;
        }
        if (body == null) {
            Exchanges.error(exchange, 404, "not seen: run '" + run + "'" + (path.length == 6 ? " task '"
                    + Exchanges.decode(path[5]) + "'" : ""), mapper);
        } else {
            Exchanges.json(exchange, 200, body, mapper);
        }
    }

    private void cancel(HttpExchange exchange, String run, String task, boolean wellFormed) throws IOException {
        if (!wellFormed) {
            Exchanges.error(exchange, 404, "no such API: " + exchange.getRequestURI().getPath(), mapper);
        } else if (canceller == null) {
            Exchanges.error(exchange, 403, "this view is read-only: start it with --allow-cancel to cancel", mapper);
        } else if (exchange.getRequestHeaders().getFirst(CANCEL_HEADER) == null) {
            Exchanges.error(exchange, 400, "a cancel needs the header " + CANCEL_HEADER + ": cancel", mapper);
        } else {
            canceller.accept(run, task);
            Exchanges.json(exchange, 202, task == null ? Map.of("cancelled", run) : Map.of("cancelled", run, "task", task),
                    mapper);
        }
    }

    private static int limit(Map<String, String> query, int fallback, int max) {
        String value = query.get("limit");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit < 0 || limit > max) {
                throw new IllegalArgumentException("limit must be 0.." + max + ", was " + limit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number, was '" + value + "'");
        }
    }
}
