package io.taskrunner.ui.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.function.BiConsumer;

/** Puts the page, the JSON API and the event stream on a server, each behind the token check. */
public final class WebRoutes implements AutoCloseable {
    private final Board board;
    private final ObjectMapper mapper;
    private final BiConsumer<String, String> canceller;
    private final Access access;
    private final EventStream events;

    /**
     * @param canceller cancels a run (task null) or a task; null for a read-only view
     * @param loopback  whether the view listens on a loopback address only
     */
    public WebRoutes(Board board, ObjectMapper mapper, BiConsumer<String, String> canceller, String token,
                     boolean loopback) {
        this.board = board;
        this.mapper = mapper;
        this.canceller = canceller;
        this.access = new Access(token, loopback);
        this.events = new EventStream(board, mapper, canceller == null);
    }

    public void install(HttpServer server) {
        add(server, "/api/events", events);
        add(server, "/api/", new ApiRoutes(board, mapper, canceller));
        add(server, "/", new Assets());
    }

    private void add(HttpServer server, String path, HttpHandler handler) {
        server.createContext(path, handler).getFilters().add(access);
    }

    @Override
    public void close() {
        events.close();
    }
}
