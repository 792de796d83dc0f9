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
 * Without a token every request passes; the view then listens on 127.0.0.1 unless told otherwise.
 */
final class Access extends Filter {
    static final String COOKIE = "taskrunner_ui_token";
    private final byte[] token;

    Access(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (token == null || presented(exchange)) {
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
