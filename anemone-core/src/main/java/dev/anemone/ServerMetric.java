package dev.anemone;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The catalogue of a server's metrics: for each value of {@link ServerMetrics}, its name, type,
 * meaning, label if it has one, and how to read it. {@link MetricsText} and the Micrometer binding
 * of {@code anemone-metrics} both render this list, so each metric is defined once; an exporter
 * of your own (JMX, a log line) can walk it too.
 *
 * <pre>{@code
 * ServerMetrics now = server.metrics();
 * for (ServerMetric metric : ServerMetric.values()) {
 *     System.out.println(metric.id() + " " + (metric.isLabelled() ? metric.byLabel(now) : metric.value(now)));
 * }
 * }</pre>
 */
public enum ServerMetric {

    /** WebSocket connections open now. */
    CONNECTIONS_OPEN("connections.open", Type.GAUGE, "WebSocket connections open now.",
            ServerMetrics::connectionsOpen),
    /** WebSocket connections opened, that is handshakes accepted. */
    CONNECTIONS_OPENED("connections.opened", Type.COUNTER, "WebSocket connections opened (handshakes accepted).",
            ServerMetrics::connectionsOpened),
    /** WebSocket connections closed, by close code. */
    CONNECTIONS_CLOSED("connections.closed", "WebSocket connections closed, by close code.", "code",
            ServerMetrics::connectionsClosed),
    /** Requests refused with an HTTP status, by status. */
    HANDSHAKES_REFUSED("handshakes.refused",
            "Requests refused with an HTTP status instead of being upgraded or served, by status.", "status",
            ServerMetrics::handshakesRefused),
    /** Plain HTTP requests answered, by status. */
    HTTP_RESPONSES("http.responses", "Plain HTTP requests answered, by status.", "status",
            ServerMetrics::httpResponses),
    /** Whole messages received. */
    MESSAGES_RECEIVED("messages.received", Type.COUNTER, "Whole messages received, text and binary.",
            ServerMetrics::messagesReceived),
    /** Whole messages sent. */
    MESSAGES_SENT("messages.sent", Type.COUNTER, "Whole messages sent, text and binary, broadcasts once per receiver.",
            ServerMetrics::messagesSent),
    /** Bytes read from sockets. */
    BYTES_RECEIVED("bytes.received", Type.COUNTER, "Bytes read from sockets: frames, handshakes and HTTP.",
            ServerMetrics::bytesReceived),
    /** Bytes written to sockets. */
    BYTES_SENT("bytes.sent", Type.COUNTER, "Bytes written to sockets: frames, handshakes and HTTP.",
            ServerMetrics::bytesSent),
    /** Messages not sent. */
    MESSAGES_DROPPED("messages.dropped", Type.COUNTER, "Messages not sent: send buffer full or connection closing.",
            ServerMetrics::messagesDropped),
    /** Bytes accepted for sending that the kernel has not taken yet. */
    BUFFERED_BYTES("buffered.bytes", Type.GAUGE, "Bytes accepted for sending that the kernel has not taken yet.",
            ServerMetrics::bufferedBytes),
    /** Topics that have subscribers. */
    TOPICS("topics", Type.GAUGE, "Topics that have subscribers.", ServerMetrics::topics),
    /** Subscriptions over all topics. */
    SUBSCRIBERS("subscribers", Type.GAUGE, "Subscriptions over all topics.", ServerMetrics::subscribers);

    /** How a metric's value behaves over time. */
    public enum Type {
        /** Only grows while the server runs. */
        COUNTER,
        /** Goes up and down. */
        GAUGE
    }

    private final String id;
    private final Type type;
    private final String description;
    private final String label;
    private final ToLongFunction<ServerMetrics> value;
    private final Function<ServerMetrics, Map<Integer, Long>> byLabel;

    ServerMetric(String id, Type type, String description, ToLongFunction<ServerMetrics> value) {
        this(id, type, description, null, value, null);
    }

    /** A counter with one value per code or status. */
    ServerMetric(String id, String description, String label, Function<ServerMetrics, Map<Integer, Long>> byLabel) {
        this(id, Type.COUNTER, description, label, metrics -> ServerMetrics.sum(byLabel.apply(metrics)), byLabel);
    }

    ServerMetric(String id, Type type, String description, String label, ToLongFunction<ServerMetrics> value,
                 Function<ServerMetrics, Map<Integer, Long>> byLabel) {
        this.id = id;
        this.type = type;
        this.description = description;
        this.label = label;
        this.value = value;
        this.byLabel = byLabel;
    }

    /**
     * The name, in words joined by dots ({@code connections.closed}): exporters add their prefix
     * and separator ({@code anemone_connections_closed_total} in Prometheus text).
     */
    public String id() {
        return id;
    }

    /** Counter or gauge. */
    public Type type() {
        return type;
    }

    /** What it counts, as one sentence. */
    public String description() {
        return description;
    }

    /** Whether it has one value per code or status rather than one value. */
    public boolean isLabelled() {
        return label != null;
    }

    /** The label's name, {@code code} or {@code status}, for a labelled metric; null otherwise. */
    public String label() {
        return label;
    }

    /** Its value in {@code metrics}; for a labelled one, the sum over its labels. */
    public long value(ServerMetrics metrics) {
        return value.applyAsLong(Objects.requireNonNull(metrics));
    }

    /**
     * Its values in {@code metrics} by code or status, iterating in numeric order.
     *
     * @throws IllegalStateException when it is not {@linkplain #isLabelled() labelled}
     */
    public Map<Integer, Long> byLabel(ServerMetrics metrics) {
        if (byLabel == null) {
            throw new IllegalStateException(id + " has no label");
        }
        return byLabel.apply(Objects.requireNonNull(metrics));
    }
}
