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
        for (ServerMetric metric : ServerMetric.values()) {
            String name = prometheusName(metric);
            out.append("# HELP ").append(name).append(' ').append(metric.description()).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(metric.type().name().toLowerCase(Locale.ROOT)).append('\n');
            if (!metric.isLabelled()) {
                out.append(name).append(' ').append(metric.value(metrics)).append('\n');
                continue;
            }
            for (Map.Entry<Integer, Long> entry : metric.byLabel(metrics).entrySet()) {
                out.append(name).append('{').append(metric.label()).append("=\"").append(entry.getKey()).append("\"} ")
                        .append(entry.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code anemone_} and the metric's words joined by underscores; a counter's name ends in {@code _total}. */
    static String prometheusName(ServerMetric metric) {
        return "anemone_" + metric.id().replace('.', '_') + (metric.type() == ServerMetric.Type.COUNTER ? "_total" : "");
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
