package dev.anemone.metrics;

import dev.anemone.ServerMetric;
import dev.anemone.ServerMetrics;
import dev.anemone.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>One meter per {@link ServerMetric}, named {@code anemone.} and its {@linkplain ServerMetric#id() id}
 * ({@code anemone.connections.open}, {@code anemone.messages.received}...), so that a Prometheus
 * registry shows the names of core's own {@link dev.anemone.MetricsText#prometheus Prometheus text}.
 * A labelled metric becomes one counter per code or status, tagged {@code code} or {@code status}
 * ({@code anemone.connections.closed} with {@code code=1000}); a code or status seen for the first
 * time gets its counter when the metrics are next read, and shows from the read after.
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
    private final List<TaggedCounters> tagged = new ArrayList<>();

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
        for (ServerMetric metric : ServerMetric.values()) {
            if (metric.isLabelled()) {
                tagged.add(new TaggedCounters(metric));
            }
        }
        this.snapshots = new Snapshots(server::metrics, maxAge, this::sawNewKeys);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        for (ServerMetric metric : ServerMetric.values()) {
            if (metric.type() == ServerMetric.Type.GAUGE) {
                Gauge.builder(name(metric), server, s -> metric.value(snapshots.get()))
                        .description(metric.description()).tags(tags).register(registry);
            } else if (!metric.isLabelled()) {
                counter(registry, metric, metric::value, Tags.empty());
            }
        }
        for (TaggedCounters counters : tagged) {
            counters.registerKnown(registry);
        }
        // Codes and statuses seen for the first time now get their counters in every registry, this one included.
        snapshots.fresh();
    }

    private static String name(ServerMetric metric) {
        return "anemone." + metric.id();
    }

    /** A snapshot was taken: codes or statuses it shows for the first time get their counters in every registry. */
    private void sawNewKeys(ServerMetrics metrics) {
        for (TaggedCounters counters : tagged) {
            counters.registerNew(metrics);
        }
    }

    private void counter(MeterRegistry registry, ServerMetric metric, ToLongFunction<ServerMetrics> value, Tags extra) {
        FunctionCounter.builder(name(metric), server, s -> value.applyAsLong(snapshots.get()))
                .description(metric.description()).tags(tags.and(extra)).register(registry);
    }

    /** The counters of a labelled metric, one per code or status, registered as the keys appear. */
    private final class TaggedCounters {
        private final ServerMetric metric;
        private final Set<Integer> known = ConcurrentHashMap.newKeySet();

        TaggedCounters(ServerMetric metric) {
            this.metric = metric;
        }

        /** Registers in {@code registry} the counters of the keys seen so far. */
        void registerKnown(MeterRegistry registry) {
            for (int key : known) {
                register(registry, key);
            }
        }

        /** Registers in every registry the counters of the keys {@code metrics} shows for the first time. */
        void registerNew(ServerMetrics metrics) {
            for (int key : metric.byLabel(metrics).keySet()) {
                if (known.add(key)) {
                    for (MeterRegistry registry : registries) {
                        register(registry, key);
                    }
                }
            }
        }

        private void register(MeterRegistry registry, int key) {
            counter(registry, metric, metrics -> metric.byLabel(metrics).getOrDefault(key, 0L),
                    Tags.of(metric.label(), Integer.toString(key)));
        }
    }
}
