package dev.anemone.internal;

import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.PrometheusHandler;
import java.util.Set;

/**
 * The server's plain HTTP with its metrics at one path: a scrape of that path gets Prometheus text,
 * every other request what it would have got without it (the application's handler, or the
 * server's default answers).
 */
public final class MetricsRoute implements HttpHandler {

    private final String path;
    private final HttpHandler next;
    private final Set<String> endpointPaths;
    /** Set once the server exists, before it accepts its first connection. */
    private volatile HttpHandler metrics;

    /**
     * Serves metrics at {@code path}, and hands other requests to {@code next}, or when it is null
     * answers them as the server does by default, knowing its endpoints' paths.
     */
    public MetricsRoute(String path, HttpHandler next, Set<String> endpointPaths) {
        this.path = path;
        this.next = next;
        this.endpointPaths = Set.copyOf(endpointPaths);
    }

    /** Where the metrics come from: the server, once built. */
    public void serve(ServerRuntime server) {
        metrics = PrometheusHandler.of(server::metrics);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (request.path().equals(path)) {
            return metrics.handle(request);
        }
        if (next != null) {
            return next.handle(request);
        }
        return DefaultHttp.answer(endpointPaths.contains(request.path()));
    }
}
