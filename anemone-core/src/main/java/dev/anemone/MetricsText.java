package dev.anemone;

import java.util.Locale;
import java.util.Map;

/**
 * {@link ServerMetrics} as text: the Prometheus exposition format, and one line for a console.
 *
 * <pre>{@code
 * String scrape = MetricsText.prometheus(server.metrics());
 * }</pre>
 */
public final class MetricsText {

    /** The {@code Content-Type} of {@link #prometheus}: the text format, version 0.0.4. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsText() {
    }

    /**
     * The metrics in the Prometheus text format 0.0.4: for each metric a {@code # HELP} and a
     * {@code # TYPE} line, then its samples. Counters end in {@code _total}; connections closed
     * carry their close code as the label {@code code}, refused handshakes and HTTP answers their
     * status as {@code status}, in numeric order.
     */
    public static String prometheus(ServerMetrics metrics) {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "anemone_connections_open", "WebSocket connections open now.", metrics.connectionsOpen());
        counter(out, "anemone_connections_opened_total", "WebSocket connections opened (handshakes accepted).",
                metrics.connectionsOpened());
        counters(out, "anemone_connections_closed_total", "WebSocket connections closed, by close code.", "code",
                metrics.connectionsClosed());
        counters(out, "anemone_handshakes_refused_total",
                "Requests refused with an HTTP status instead of being upgraded or served, by status.", "status",
                metrics.handshakesRefused());
        counters(out, "anemone_http_responses_total", "Plain HTTP requests answered, by status.", "status",
                metrics.httpResponses());
        counter(out, "anemone_messages_received_total", "Whole messages received, text and binary.",
                metrics.messagesReceived());
        counter(out, "anemone_messages_sent_total", "Whole messages sent, text and binary, broadcasts once per receiver.",
                metrics.messagesSent());
        counter(out, "anemone_bytes_received_total", "Bytes read from sockets: frames, handshakes and HTTP.",
                metrics.bytesReceived());
        counter(out, "anemone_bytes_sent_total", "Bytes written to sockets: frames, handshakes and HTTP.",
                metrics.bytesSent());
        counter(out, "anemone_messages_dropped_total", "Messages not sent: send buffer full or connection closing.",
                metrics.messagesDropped());
        gauge(out, "anemone_buffered_bytes", "Bytes accepted for sending that the kernel has not taken yet.",
                metrics.bufferedBytes());
        gauge(out, "anemone_topics", "Topics that have subscribers.", metrics.topics());
        gauge(out, "anemone_subscribers", "Subscriptions over all topics.", metrics.subscribers());
        return out.toString();
    }

    /**
     * The metrics on one line, for a console: {@code connections 3 open, 10 opened, 7 closed |
     * messages 120 in, 118 out, 0 dropped | bytes 4.2 KiB in, 4.1 KiB out, 0 B buffered | refused 2 |
     * http 5}.
     */
    public static String summary(ServerMetrics metrics) {
        return "connections " + metrics.connectionsOpen() + " open, " + metrics.connectionsOpened() + " opened, "
                + metrics.connectionsClosedTotal() + " closed"
                + " | messages " + metrics.messagesReceived() + " in, " + metrics.messagesSent() + " out, "
                + metrics.messagesDropped() + " dropped"
                + " | bytes " + bytes(metrics.bytesReceived()) + " in, " + bytes(metrics.bytesSent()) + " out, "
                + bytes(metrics.bufferedBytes()) + " buffered"
                + " | refused " + metrics.handshakesRefusedTotal()
                + " | http " + metrics.httpResponsesTotal();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        single(out, name, help, "gauge", value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        single(out, name, help, "counter", value);
    }

    private static void single(StringBuilder out, String name, String help, String type, long value) {
        family(out, name, help, type);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counters(StringBuilder out, String name, String help, String label, Map<Integer, Long> byKey) {
        family(out, name, help, "counter");
        for (Map.Entry<Integer, Long> entry : byKey.entrySet()) {
            out.append(name).append('{').append(label).append("=\"").append(entry.getKey()).append("\"} ")
                    .append(entry.getValue()).append('\n');
        }
    }

    private static void family(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A byte count for people: {@code 512 B}, {@code 4.2 KiB}, {@code 1.5 GiB}. */
    private static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
