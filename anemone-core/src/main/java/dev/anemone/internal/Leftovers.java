package dev.anemone.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What the batches of an {@link EpollPoller} left behind for one connection: bytes read ahead
 * that its handler has not taken, bytes held back for sending that the kernel did not take, a
 * held-back send's failure, and a shutdown or close waiting for the carry to go. Rare, so made
 * only when needed: an idle connection pays one field for it.
 */
final class Leftovers {

    /** Read ahead, not yet taken by the handler: what the next read answers first. */
    ByteBuffer unread;
    /** Held back, taken as written, but not yet taken by the kernel: sent before anything else. */
    ByteBuffer carry;
    /** Why a held-back send failed: what the next write throws. */
    IOException failure;
    /** Output is to be shut down once the carry is sent. */
    boolean shutdownWhenSent;
    /** When a close waiting for the carry gives up on it ({@link System#nanoTime}); 0 when none waits. */
    long closeDeadline;

    boolean isEmpty() {
        return unread == null && carry == null && failure == null && !shutdownWhenSent && closeDeadline == 0;
    }
}
