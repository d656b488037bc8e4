package dev.anemone.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads for many ready connections at once: when epoll reports several sockets readable, one
 * {@code recv} for each runs in a single {@link IoRing} batch, into a slot of this arena, before
 * their handlers are told; a handler's read then takes its bytes from the slot
 * ({@link EpollRegistration#read}). A slot holds only what one batch read: whatever a handler left
 * of it is moved out before the arena is used again ({@link EpollRegistration#keepUnread}).
 *
 * <p>Slots are small, so that the arena costs a loop little: a read that fills its slot reads on
 * at once into the handler's buffer, as large reads did before. Loop thread only.
 */
final class ReadAhead {

    /** How many reads one batch makes; a poll with more ready runs several. */
    static final int SLOTS = 32;
    /** What one read of a batch may take: a 4 KiB message with its header fits. */
    static final int SLOT_SIZE = 8 * 1024;

    private final IoRing ring;
    private final ByteBuffer arena = ByteBuffer.allocateDirect(SLOTS * SLOT_SIZE);
    private final long arenaAddress = Epoll.address(arena);
    private final EpollRegistration[] readers = new EpollRegistration[SLOTS];
    private int count;

    ReadAhead(IoRing ring) {
        this.ring = ring;
    }

    /** Where the batch's bytes are: slot {@code i} from {@code i * SLOT_SIZE}. */
    ByteBuffer arena() {
        return arena;
    }

    /** Adds a read for {@code registration}, which was reported readable; at most {@link #SLOTS} a batch. */
    void add(EpollRegistration registration) {
        readers[count++] = registration;
    }

    /**
     * Makes the reads added, and tells each registration what its read brought. One read alone
     * is left to its handler, which makes it as it would without a batch: a ring gains nothing on
     * a single call.
     */
    void run() {
        if (count > 1 && ring.isUsable()) {
            for (int i = 0; i < count; i++) {
                ring.add(IoRing.RECV, readers[i].fd(), arenaAddress + (long) i * SLOT_SIZE, SLOT_SIZE);
            }
            ring.run();
            for (int i = 0; i < count; i++) {
                readers[i].readAhead(i * SLOT_SIZE, outcome(ring.result(i)));
            }
            ring.clear();
        }
        Arrays.fill(readers, 0, count, null);
        count = 0;
    }

    /** A recv's result in {@link EpollRegistration#read}'s terms. */
    private static int outcome(int result) {
        if (result == IoRing.NOT_RUN) {
            return EpollRegistration.NOTHING_AHEAD;
        }
        if (result == 0) {
            return Epoll.END_OF_STREAM;
        }
        return result == -Epoll.EAGAIN ? 0 : result;
    }
}
