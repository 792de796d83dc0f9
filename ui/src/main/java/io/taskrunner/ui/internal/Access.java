package io.taskrunner.ui.internal;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Lets a request through only with the view's token, when it has one: as {@code Authorization: Bearer TOKEN}
 * (scripts), or as the cookie {@value #COOKIE} that opening any page with {@code ?token=TOKEN} sets (people).
 * Without a token every request passes, except that a view listening on a loopback address answers only
 * requests addressed to a loopback name ({@code Host: localhost}, {@code 127.0.0.1}, {@code [::1]}): a web page
 * elsewhere that points its own name at 127.0.0.1 (DNS rebinding) gets 403.
 */
final class Access extends Filter {
    static final String COOKIE = "taskrunner_ui_token";
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");
    private final byte[] token;
    private final boolean loopback;

    /** @param loopback whether the view listens on a loopback address only */
    Access(String token, boolean loopback) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.loopback = loopback;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (token == null) {
            if (loopback && !addressedToLoopback(exchange)) {
                Exchanges.send(exchange, 403, "text/plain; charset=utf-8", ("this view answers only to localhost; "
                        + "to reach it by another name, start it with --host and --ui-token\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            chain.doFilter(exchange);
            return;
        }
        if (presented(exchange)) {
            chain.doFilter(exchange);
            return;
        }
        String offered = Exchanges.query(exchange).get("token");
        if (offered != null && matches(offered)) {
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + offered + "; Path=/; HttpOnly; SameSite=Strict");
            exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(303, -1);
            exchange.close();
            return;
        }
        Exchanges.send(exchange, 401, "text/plain; charset=utf-8", ("this view needs its token: open it with ?token=..."
                + " or send 'Authorization: Bearer ...'\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean addressedToLoopback(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return true; // HTTP/1.0 without a Host header: not a browser's request
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return LOOPBACK_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    private boolean presented(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ") && matches(authorization.substring(7).trim())) {
            return true;
        }
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(COOKIE) && matches(pair[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String offered) {
        return MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String description() {
        return "token check";
    }
}
