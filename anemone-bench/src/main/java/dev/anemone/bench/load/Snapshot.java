package dev.anemone.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Counts summed over the loops at one moment, and the latencies recorded since the previous
 * snapshot.
 *
 * @param messages messages echoed, deliveries, or cycles completed, by shape
 * @param deflated connections whose server agreed to permessage-deflate
 * @param firstError the first error seen since the generator started, or null
 */
public record Snapshot(long nanoTime, long messages, long errors, int opened, int deflated, Histogram latency,
                       String firstError) {
}
