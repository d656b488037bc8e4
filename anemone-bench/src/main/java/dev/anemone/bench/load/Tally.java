package dev.anemone.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What one loop counted: messages (or deliveries, or completed cycles), errors, connections
 * opened, and latencies in nanoseconds. Written by the loop, read by the thread running the
 * phases; HdrHistogram's recorder hands over interval histograms without stopping the writer.
 */
final class Tally {

    /** Latencies up to a minute, three significant digits. */
    private static final long HIGHEST_NANOS = 60_000_000_000L;

    final LongAdder messages = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicInteger opened = new AtomicInteger();
    /** Connections whose server agreed to permessage-deflate. */
    final AtomicInteger deflated = new AtomicInteger();
    final Recorder latency = new Recorder(HIGHEST_NANOS, 3);
    private volatile String firstError;

    void error(String what) {
        errors.increment();
        if (firstError == null) {
            firstError = what;
        }
    }

    void latency(long nanos) {
        latency.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NANOS));
    }

    String firstError() {
        return firstError;
    }
}
