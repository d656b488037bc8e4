package dev.anemone.metrics;

import dev.anemone.ServerMetrics;
import dev.anemone.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link WebSocketServer}'s {@link ServerMetrics} to Micrometer: function counters and
 * gauges that read the server's own counts, so nothing is counted twice and the hot path does not
 * know Micrometer exists.
 *
 * <pre>{@code
 * new AnemoneMetrics(server).bindTo(registry);
 * }</pre>
 *
 * <p>The meters, named so that a Prometheus registry shows the names core's own
 * {@link dev.anemone.MetricsText#prometheus Prometheus text} uses:
 * <ul>
 * <li>gauges {@code anemone.connections.open}, {@code anemone.buffered.bytes},
 *     {@code anemone.topics}, {@code anemone.subscribers};</li>
 * <li>counters {@code anemone.connections.opened}, {@code anemone.messages.received},
 *     {@code anemone.messages.sent}, {@code anemone.messages.dropped},
 *     {@code anemone.bytes.received}, {@code anemone.bytes.sent};</li>
 * <li>counters with a tag: {@code anemone.connections.closed} by {@code code},
 *     {@code anemone.handshakes.refused} and {@code anemone.http.responses} by {@code status}.
 *     A code or status seen for the first time gets its counter when the metrics are next read,
 *     and shows from the read after.</li>
 * </ul>
 *
 * <p>All the meters read by one publication share one snapshot, taken at most once per
 * {@code maxAge} (one second by default): a snapshot adds up every event loop's counts and every
 * connection's buffered bytes, so a registry reading twenty meters takes one, not twenty. The
 * meters hold the server weakly, as Micrometer's own binders do: once it is gone they read NaN.
 */
public final class AnemoneMetrics implements MeterBinder {

    private final WebSocketServer server;
    private final Tags tags;
    private final Snapshots snapshots;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final TaggedCounters closed = new TaggedCounters("anemone.connections.closed", "code",
            "WebSocket connections closed, by close code", ServerMetrics::connectionsClosed);
    private final TaggedCounters refused = new TaggedCounters("anemone.handshakes.refused", "status",
            "Requests refused with an HTTP status instead of being upgraded or served", ServerMetrics::handshakesRefused);
    private final TaggedCounters answered = new TaggedCounters("anemone.http.responses", "status",
            "Plain HTTP requests answered, by status", ServerMetrics::httpResponses);

    /** The metrics of {@code server}, with no tags of their own. */
    public AnemoneMetrics(WebSocketServer server) {
        this(server, Tags.empty());
    }

    /** The metrics of {@code server}, every meter carrying {@code tags} (a server's name, say). */
    public AnemoneMetrics(WebSocketServer server, Iterable<Tag> tags) {
        this(server, tags, Duration.ofSeconds(1));
    }

    /**
     * The metrics of {@code server}, every meter carrying {@code tags}, reading a snapshot taken at
     * most {@code maxAge} ago ({@link Duration#ZERO} takes one for every meter read).
     */
    public AnemoneMetrics(WebSocketServer server, Iterable<Tag> tags, Duration maxAge) {
        this.server = Objects.requireNonNull(server);
        this.tags = Tags.of(tags);
        this.snapshots = new Snapshots(server::metrics, maxAge, this::sawNewKeys);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        gauge(registry, "anemone.connections.open", "WebSocket connections open now", ServerMetrics::connectionsOpen);
        gauge(registry, "anemone.buffered.bytes", "Bytes accepted for sending that the kernel has not taken yet",
                ServerMetrics::bufferedBytes);
        gauge(registry, "anemone.topics", "Topics that have subscribers", ServerMetrics::topics);
        gauge(registry, "anemone.subscribers", "Subscriptions over all topics", ServerMetrics::subscribers);
        counter(registry, "anemone.connections.opened", "WebSocket connections opened (handshakes accepted)",
                ServerMetrics::connectionsOpened, Tags.empty());
        counter(registry, "anemone.messages.received", "Whole messages received, text and binary",
                ServerMetrics::messagesReceived, Tags.empty());
        counter(registry, "anemone.messages.sent", "Whole messages sent, text and binary, broadcasts once per receiver",
                ServerMetrics::messagesSent, Tags.empty());
        counter(registry, "anemone.messages.dropped", "Messages not sent: send buffer full or connection closing",
                ServerMetrics::messagesDropped, Tags.empty());
        counter(registry, "anemone.bytes.received", "Bytes read from sockets: frames, handshakes and HTTP",
                ServerMetrics::bytesReceived, Tags.empty());
        counter(registry, "anemone.bytes.sent", "Bytes written to sockets: frames, handshakes and HTTP",
                ServerMetrics::bytesSent, Tags.empty());
        ServerMetrics now = snapshots.fresh();
        for (TaggedCounters kind : List.of(closed, refused, answered)) {
            kind.registerAll(registry, now);
        }
    }

    /** A snapshot was taken: codes or statuses it shows for the first time get their counters in every registry. */
    private void sawNewKeys(ServerMetrics metrics) {
        for (TaggedCounters kind : List.of(closed, refused, answered)) {
            kind.registerNew(metrics);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, ToLongFunction<ServerMetrics> value) {
        Gauge.builder(name, server, s -> value.applyAsLong(snapshots.get()))
                .description(description).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToLongFunction<ServerMetrics> value,
                         Tags extra) {
        FunctionCounter.builder(name, server, s -> value.applyAsLong(snapshots.get()))
                .description(description).tags(tags.and(extra)).register(registry);
    }

    /** Counters of one name, one per code or status, registered as the keys appear. */
    private final class TaggedCounters {
        private final String name;
        private final String tag;
        private final String description;
        private final Function<ServerMetrics, Map<Integer, Long>> counts;
        private final Set<Integer> known = ConcurrentHashMap.newKeySet();

        TaggedCounters(String name, String tag, String description, Function<ServerMetrics, Map<Integer, Long>> counts) {
            this.name = name;
            this.tag = tag;
            this.description = description;
            this.counts = counts;
        }

        void registerAll(MeterRegistry registry, ServerMetrics metrics) {
            known.addAll(counts.apply(metrics).keySet());
            for (int key : known) {
                register(registry, key);
            }
        }

        void registerNew(ServerMetrics metrics) {
            for (int key : counts.apply(metrics).keySet()) {
                if (known.add(key)) {
                    for (MeterRegistry registry : registries) {
                        register(registry, key);
                    }
                }
            }
        }

        private void register(MeterRegistry registry, int key) {
            counter(registry, name, description, metrics -> counts.apply(metrics).getOrDefault(key, 0L),
                    Tags.of(tag, Integer.toString(key)));
        }
    }
}
