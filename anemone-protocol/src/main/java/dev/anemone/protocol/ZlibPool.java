package dev.anemone.protocol;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Idle raw-deflate inflaters and deflaters, shared by connections that compress without context
 * takeover: they borrow one for a message and give it back, so ten thousand idle connections
 * hold none. Thread-safe; keeps at most {@code maxIdle} of each and frees the rest.
 */
public final class ZlibPool {

    private final int level;
    private final int maxIdle;
    private final Queue<Inflater> inflaters = new ConcurrentLinkedQueue<>();
    private final Queue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleInflaters = new AtomicInteger();
    private final AtomicInteger idleDeflaters = new AtomicInteger();

    /** A pool of deflaters at {@code level} keeping up to {@code maxIdle} of each kind. */
    public ZlibPool(int level, int maxIdle) {
        this.level = level;
        this.maxIdle = maxIdle;
    }

    /** An inflater ready for a new stream. */
    public Inflater inflater() {
        Inflater idle = inflaters.poll();
        if (idle == null) {
            return new Inflater(true);
        }
        idleInflaters.decrementAndGet();
        return idle;
    }

    /** A deflater ready for a new stream. */
    public Deflater deflater() {
        Deflater idle = deflaters.poll();
        if (idle == null) {
            return new Deflater(level, true);
        }
        idleDeflaters.decrementAndGet();
        return idle;
    }

    /** Takes an inflater back, reset; frees it if enough are idle. */
    public void give(Inflater inflater) {
        inflater.reset();
        if (idleInflaters.incrementAndGet() <= maxIdle) {
            inflaters.add(inflater);
        } else {
            idleInflaters.decrementAndGet();
            inflater.end();
        }
    }

    /** Takes a deflater back, reset; frees it if enough are idle. */
    public void give(Deflater deflater) {
        deflater.reset();
        if (idleDeflaters.incrementAndGet() <= maxIdle) {
            deflaters.add(deflater);
        } else {
            idleDeflaters.decrementAndGet();
            deflater.end();
        }
    }
}
