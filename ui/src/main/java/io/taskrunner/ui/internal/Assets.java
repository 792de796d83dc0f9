package io.taskrunner.ui.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The page: one HTML file, one script and one style sheet, read from the jar once. Every path that is not
 * an asset or under {@code /api} gets the page, which shows what its {@code #fragment} names.
 */
final class Assets implements HttpHandler {
    private static final Map<String, String> TYPES = Map.of("/app.js", "text/javascript; charset=utf-8",
            "/style.css", "text/css; charset=utf-8");
    private final Map<String, byte[]> files;

    Assets() {
        files = Map.of("/index.html", load("index.html"), "/app.js", load("app.js"), "/style.css", load("style.css"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
        } else if (TYPES.containsKey(path)) {
            Exchanges.send(exchange, 200, TYPES.get(path), files.get(path));
        } else if (path.equals("/") || path.equals("/index.html")) {
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:");
            Exchanges.send(exchange, 200, "text/html; charset=utf-8", files.get("/index.html"));
        } else {
            Exchanges.send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/io/taskrunner/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the web view's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
