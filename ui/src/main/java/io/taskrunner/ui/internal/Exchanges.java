package io.taskrunner.ui.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Small helpers to answer an {@link HttpExchange}: JSON, text, and the query string. */
final class Exchanges {
    private Exchanges() {
    }

    static void json(HttpExchange exchange, int status, Object body, ObjectMapper mapper) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", mapper.writeValueAsBytes(body));
    }

    static void error(HttpExchange exchange, int status, String message, ObjectMapper mapper) throws IOException {
        json(exchange, status, Map.of("error", message), mapper);
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** The decoded query parameters; the last of a repeated name wins. */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            parameters.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return parameters;
    }

    static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
