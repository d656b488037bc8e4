package dev.anemone.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code perSecond} events a second from each {@link AddressGroup}, as a token bucket
 * holding one second's worth: a burst of {@code perSecond} at once, then {@code perSecond} a
 * second. Called once per connection or handshake, from any thread, never per message. A group
 * whose bucket has been full for a second is forgotten, so the table holds only addresses seen
 * in the last second or so.
 */
final class AddressRateLimit {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Tokens in nanoseconds of refill: {@code perSecond} tokens are worth one second. */
    private static final class Bucket {
        long emptyUntil;
    }

    private final int perSecond;
    private final long nanosPerToken;
    private final Map<AddressGroup, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    /** A limit of {@code perSecond} events a second per address group; 0 or less: no limit. */
    AddressRateLimit(int perSecond) {
        this.perSecond = perSecond;
        this.nanosPerToken = perSecond <= 0 ? 0 : Math.max(1, SECOND / perSecond);
    }

    /** Takes one event for {@code group} at {@code nowNanos}: false when the group is over its rate. */
    boolean tryAcquire(AddressGroup group, long nowNanos) {
        if (perSecond <= 0) {
            return true;
        }
        if (nowNanos - nextSweep > 0) {
            sweep(nowNanos);
        }
        Bucket bucket = buckets.computeIfAbsent(group, key -> new Bucket());
        synchronized (bucket) {
            // The bucket is "empty until" a time: full means that time is a second or more ago.
            long start = Math.max(bucket.emptyUntil, nowNanos - SECOND);
            long next = start + nanosPerToken;
            if (next - nowNanos > 0) {
                return false;
            }
            bucket.emptyUntil = next;
            return true;
        }
    }

    private void sweep(long nowNanos) {
        nextSweep = nowNanos + SECOND;
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return nowNanos - bucket.emptyUntil >= SECOND;
            }
        });
    }

    /** How many groups the table holds now. */
    int size() {
        return buckets.size();
    }
}
