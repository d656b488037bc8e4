package dev.anemone.metrics;

import dev.anemone.ServerMetrics;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The latest snapshot of a server's metrics, taken again only once it is older than the age
 * allowed: the meters of one publication read the same snapshot, and agree with each other.
 */
final class Snapshots {

    /** A snapshot and when it was taken. */
    private record Taken(ServerMetrics metrics, long atNanos) {
    }

    private final Supplier<ServerMetrics> source;
    private final long maxAgeNanos;
    private final Consumer<ServerMetrics> onTaken;
    private volatile Taken last;

    /** Snapshots from {@code source}, reused for {@code maxAge}; each new one is shown to {@code onTaken}. */
    Snapshots(Supplier<ServerMetrics> source, Duration maxAge, Consumer<ServerMetrics> onTaken) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("a snapshot's age cannot be negative: " + maxAge);
        }
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.onTaken = onTaken;
    }

    /** The latest snapshot if it is recent enough, else a new one. Any thread. */
    ServerMetrics get() {
        Taken taken = last;
        if (taken != null && System.nanoTime() - taken.atNanos() < maxAgeNanos) {
            return taken.metrics();
        }
        return fresh();
    }

    /** A new snapshot, whatever the age of the latest. Any thread. */
    ServerMetrics fresh() {
        ServerMetrics metrics = source.get();
        last = new Taken(metrics, System.nanoTime());
        onTaken.accept(metrics);
        return metrics;
    }
}
