package dev.anemone.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sends held back to the end of a loop's round, then made for every connection at once in one
 * {@link IoRing} batch: a round that echoes a message on each of a thousand connections makes one
 * system call for their sends where it made a thousand.
 *
 * <p>A write taken here is copied into the arena and counts as written, as the kernel's send
 * buffer would count it; what the kernel then does not take stays with the registration as its
 * carry, sent before anything after it ({@link EpollRegistration#sent}). So each connection has
 * at most one send in a batch, and its bytes keep their order: a second write from the same
 * connection extends its send when that is the arena's last, and otherwise the batch runs first.
 * Loop thread only.
 */
final class DeferredSends {

    /** The largest write held back; a larger one goes to the kernel at once. */
    static final int MAX_DEFERRED = 16 * 1024;
    private static final int ARENA_SIZE = 64 * 1024;
    /** The most sends one batch holds. */
    static final int MAX_SENDS = 256;

    private final IoRing ring;
    private final ByteBuffer arena = ByteBuffer.allocateDirect(ARENA_SIZE);
    private final long arenaAddress = Epoll.address(arena);
    private final EpollRegistration[] senders = new EpollRegistration[MAX_SENDS];
    private final int[] operations = new int[MAX_SENDS];
    private int count;
    /** Bytes of the arena in use. */
    private int used;

    DeferredSends(IoRing ring) {
        this.ring = ring;
    }

    /** The arena that holds the held-back bytes. */
    ByteBuffer arena() {
        return arena;
    }

    /**
     * Takes {@code src}'s remaining bytes for {@code registration} to send at the end of the round;
     * false when they must go now instead (too large, the ring failed, or the connection's send is
     * not the arena's last), in which case the caller runs the batch first to keep the order.
     */
    boolean defer(EpollRegistration registration, ByteBuffer src) {
        int length = src.remaining();
        if (length > MAX_DEFERRED || !ring.isUsable()) {
            return false;
        }
        int pending = registration.deferredLength();
        if (pending > 0) {
            if (registration.deferredAt() + pending != used || used + length > ARENA_SIZE) {
                return false;
            }
            copy(src, length);
            registration.deferred(registration.deferredAt(), pending + length);
            return true;
        }
        if (used + length > ARENA_SIZE || count == MAX_SENDS) {
            run();
        }
        int at = used;
        copy(src, length);
        registration.deferred(at, length);
        senders[count++] = registration;
        return true;
    }

    private void copy(ByteBuffer src, int length) {
        arena.put(used, src, src.position(), length);
        src.position(src.limit());
        used += length;
    }

    /** Makes every send held back, and tells each registration how much the kernel took. */
    void run() {
        if (count == 0) {
            return;
        }
        if (count == 1) {
            // A ring gains nothing on a single call.
            sendDirectly(senders[0]);
        } else {
            for (int i = 0; i < count; i++) {
                EpollRegistration sender = senders[i];
                operations[i] = sender.isOpen()
                        ? ring.add(IoRing.SEND, sender.fd(), arenaAddress + sender.deferredAt(), sender.deferredLength())
                        : -1;
            }
            ring.run();
            for (int i = 0; i < count; i++) {
                int result = operations[i] < 0 ? IoRing.NOT_RUN : ring.result(operations[i]);
                if (result == IoRing.NOT_RUN) {
                    sendDirectly(senders[i]);
                } else {
                    senders[i].sent(result == -Epoll.EAGAIN ? 0 : result);
                }
            }
            ring.clear();
        }
        Arrays.fill(senders, 0, count, null);
        count = 0;
        used = 0;
    }

    private void sendDirectly(EpollRegistration sender) {
        // A channel closed behind the registration's back may have lent its number to another socket.
        sender.sent(sender.isOpen() ? Epoll.send(sender.fd(), arena, sender.deferredAt(), sender.deferredLength()) : 0);
    }
}
