package dev.anemone.internal;

/** A member of an {@link EventLoop}'s periodic sweep, which checks its timeouts. */
interface Sweepable {

    /** Checks deadlines against {@code nowNanos}; runs on the loop thread. */
    void sweep(long nowNanos);

    /** Where the loop keeps this member, for removal in constant time. */
    int sweepIndex();

    /** Set by the loop. */
    void setSweepIndex(int index);
}
