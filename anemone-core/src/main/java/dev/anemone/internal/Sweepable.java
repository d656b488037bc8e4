package dev.anemone.internal;

/**
 * A member of an {@link EventLoop}'s periodic sweep, which checks its timeouts. It remembers where
 * the loop keeps it, so that leaving the sweep takes constant time.
 */
abstract class Sweepable {

    private int sweepIndex = -1;

    /** Checks deadlines against {@code nowNanos}; runs on the loop thread. */
    abstract void sweep(long nowNanos);

    final int sweepIndex() {
        return sweepIndex;
    }

    final void setSweepIndex(int index) {
        sweepIndex = index;
    }
}
