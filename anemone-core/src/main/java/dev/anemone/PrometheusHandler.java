package dev.anemone;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers a scrape with a server's metrics in the Prometheus text format ({@link MetricsText#prometheus}).
 * {@link WebSocketServer.Builder#metrics(String)} serves one at a path of the server's own port;
 * this class is for routing it by hand (in {@link HttpRoutes}, behind a check of your own), or for
 * serving the metrics of one server from another.
 *
 * <p>It answers GET and HEAD; any other method gets 405.
 */
public final class PrometheusHandler implements HttpHandler {

    private final Supplier<ServerMetrics> metrics;

    private PrometheusHandler(Supplier<ServerMetrics> metrics) {
        this.metrics = Objects.requireNonNull(metrics);
    }

    /** Serves the metrics of {@code server}. */
    public static PrometheusHandler of(WebSocketServer server) {
        Objects.requireNonNull(server);
        return new PrometheusHandler(server::metrics);
    }

    /** Serves the snapshots {@code metrics} gives, one per request. */
    public static PrometheusHandler of(Supplier<ServerMetrics> metrics) {
        return new PrometheusHandler(metrics);
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) {
        exchange.respond(response(request));
    }

    /** The scrape's answer: the text now, or 405 for a method other than GET and HEAD. */
    private HttpResponse response(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.text(405, "Method Not Allowed").withHeader("Allow", "GET, HEAD");
        }
        byte[] body = MetricsText.prometheus(metrics.get()).getBytes(StandardCharsets.UTF_8);
        return HttpResponse.of(200, MetricsText.PROMETHEUS_CONTENT_TYPE, body).withHeader("Cache-Control", "no-store");
    }
}
