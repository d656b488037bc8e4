package dev.anemone.internal;

import dev.anemone.HttpExchange;
import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.PrometheusHandler;
import java.util.function.Predicate;

/**
 * The server's plain HTTP with its metrics at one path: a scrape of that path gets Prometheus text,
 * every other request what it would have got without it (the application's handler, or the
 * server's default answers).
 */
public final class MetricsRoute implements HttpHandler {

    private final String path;
    private final HttpHandler next;
    private final Predicate<String> isWebSocketPath;
    /** Set once the server exists, before it accepts its first connection. */
    private volatile HttpHandler metrics;

    /**
     * Serves metrics at {@code path}, and hands other requests to {@code next}, or when it is null
     * answers them as the server does by default, knowing its endpoints' paths.
     */
    public MetricsRoute(String path, HttpHandler next, Predicate<String> isWebSocketPath) {
        this.path = path;
        this.next = next;
        this.isWebSocketPath = isWebSocketPath;
    }

    /** Where the metrics come from: the server, once built. */
    public void serve(ServerRuntime server) {
        metrics = PrometheusHandler.of(server::metrics);
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) throws Exception {
        if (request.path().equals(path)) {
            metrics.handle(request, exchange);
        } else if (next != null) {
            next.handle(request, exchange);
        } else {
            HttpRequests.fallback(isWebSocketPath.test(request.path())).handle(request, exchange);
        }
    }
}
