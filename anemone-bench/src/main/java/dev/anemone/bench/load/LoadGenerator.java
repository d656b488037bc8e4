package dev.anemone.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The load generator: a few selector threads ("loops") sharing many connections to one target,
 * each doing what a {@link LoadShape} says. The caller drives the phases (connect, warm up,
 * measure) and takes {@link Snapshot}s between them; the generator only counts.
 *
 * <pre>{@code
 * try (LoadGenerator generator = new LoadGenerator(target, shape, 1)) {
 *     generator.connect(100);
 *     generator.awaitOpened(100, Duration.ofSeconds(30));
 *     Thread.sleep(warmup);
 *     Snapshot start = generator.snapshot();
 *     Thread.sleep(duration);
 *     Snapshot end = generator.snapshot();   // end.latency() covers the window only
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    /** Handshakes in progress at once, over all loops: keeps the server's accept queue from overflowing. */
    private static final int MAX_CONNECTING = 128;
    /**
     * The same over TLS, where each handshake costs the server milliseconds of CPU (more while its
     * JIT is cold): a hundred at once would keep the last waiting past a server's handshake timeout.
     */
    private static final int MAX_TLS_CONNECTING = 16;

    private final List<LoadLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final StartSignal start = new StartSignal();
    private final AtomicLong stormBudget;
    private int nextLoop;

    /**
     * Starts {@code loopCount} loops, with no connections yet.
     *
     * @throws UncheckedIOException when a selector cannot be opened
     */
    public LoadGenerator(Target target, LoadShape shape, int loopCount) {
        AtomicInteger ids = new AtomicInteger();
        LongAdder delivered = new LongAdder();
        stormBudget = shape instanceof LoadShape.Storm storm ? new AtomicLong(storm.maxCycles()) : null;
        int maxConnecting = Math.max(1, (target.tls() != null ? MAX_TLS_CONNECTING : MAX_CONNECTING) / loopCount);
        try {
            for (int i = 0; i < loopCount; i++) {
                loops.add(new LoadLoop(target, workload(shape, i, loopCount, delivered), maxConnecting, ids));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < loopCount; i++) {
            Thread thread = new Thread(loops.get(i), "load-loop-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private Workload workload(LoadShape shape, int index, int loopCount, LongAdder delivered) {
        if (shape instanceof LoadShape.Echo echo) {
            return new EchoWorkload(echo);
        } else if (shape instanceof LoadShape.Paced paced) {
            return new PacedWorkload(paced, start, index, loopCount);
        } else if (shape instanceof LoadShape.Broadcast broadcast) {
            return new BroadcastWorkload(broadcast, start, delivered);
        } else if (shape instanceof LoadShape.Storm storm) {
            int share = storm.concurrency() / loopCount + (index < storm.concurrency() % loopCount ? 1 : 0);
            return new StormWorkload(Math.max(1, share), stormBudget);
        }
        return new IdleWorkload((LoadShape.Idle) shape);
    }

    /** Opens {@code count} more connections, spread over the loops in turn (connection 0 on loop 0). */
    public void connect(int count) {
        int[] perLoop = new int[loops.size()];
        for (int i = 0; i < count; i++) {
            perLoop[nextLoop++ % loops.size()]++;
        }
        for (int i = 0; i < perLoop.length; i++) {
            if (perLoop[i] > 0) {
                loops.get(i).requestConnections(perLoop[i]);
            }
        }
    }

    /** Waits until {@code count} connections have completed their handshakes; false on timeout. */
    public boolean awaitOpened(int count, Duration timeout) throws InterruptedException {
        return awaitCount(count, timeout, true);
    }

    /** Waits until {@code count} messages have been counted (say, one echo per idle connection); false on timeout. */
    public boolean awaitMessages(long count, Duration timeout) throws InterruptedException {
        return awaitCount(count, timeout, false);
    }

    private boolean awaitCount(long count, Duration timeout, boolean opened) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Snapshot now = peek();
            if ((opened ? now.opened() : now.messages()) >= count) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Starts the paced schedule or the publisher; the other shapes start as soon as connections open. */
    public void begin() {
        start.start();
    }

    /** Whether a storm has started all the cycles it may. */
    public boolean exhausted() {
        return stormBudget != null && stormBudget.get() <= 0;
    }

    /** Counts now, with the latencies recorded since the last snapshot (which it resets). */
    public Snapshot snapshot() {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        for (LoadLoop loop : loops) {
            latency.add(loop.tally().latency.getIntervalHistogram());
        }
        Snapshot counts = peek();
        return new Snapshot(counts.nanoTime(), counts.messages(), counts.errors(), counts.opened(), counts.deflated(),
                latency, counts.firstError());
    }

    private Snapshot peek() {
        long messages = 0;
        long errors = 0;
        int opened = 0;
        int deflated = 0;
        String firstError = null;
        for (LoadLoop loop : loops) {
            Tally tally = loop.tally();
            messages += tally.messages.sum();
            errors += tally.errors.sum();
            opened += tally.opened.get();
            deflated += tally.deflated.get();
            if (firstError == null) {
                firstError = tally.firstError();
            }
        }
        return new Snapshot(System.nanoTime(), messages, errors, opened, deflated, null, firstError);
    }

    /** Closes every connection (without closing handshakes) and ends the loops. */
    @Override
    public void close() {
        for (LoadLoop loop : loops) {
            loop.stop();
        }
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
