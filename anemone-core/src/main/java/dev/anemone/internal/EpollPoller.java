package dev.anemone.internal;

import dev.anemone.IoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A poller on Linux's epoll through the optional native library, without the JDK's selector.
 *
 * <p>Each registration has a slot in a table, and its slot is what the kernel hands back with an
 * event: finding the handler is an array read, where the JDK's selector looks a boxed descriptor
 * up in a hash map for every ready channel (at a thousand connections 2.5 % of the server's CPU).
 * Reads and writes use {@code recv} and {@code send}, which skip the file layer that the JDK's
 * {@code read} and {@code write} pass through, and none of the channel's locks. Like the JDK's
 * selector it is level-triggered, so the two behave alike to the connections.
 *
 * <p>A slot given up during a poll is reused only after it: an event already in hand for the
 * slot's old channel must not reach a new one.
 *
 * <p>Where the kernel has io_uring (and {@value #BATCHING_PROPERTY} is not {@code false}), the
 * poller batches its sockets' I/O: the reads of the sockets a poll reports readable run in one
 * system call ({@link ReadAhead}), and the small writes of a round in one more at its end
 * ({@link DeferredSends}), where each took one. Readiness still comes from epoll, and the
 * handlers see the same reads and writes either way.
 */
final class EpollPoller implements Poller {

    /** Set to {@code false} to make every read and write its own system call. */
    static final String BATCHING_PROPERTY = "anemone.epoll.batching";
    /** How long a closed connection's carry may still try to go ({@link EpollRegistration#close}). */
    static final long CLOSE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_EVENTS = 1024;
    /** A TLS record and then some: what one read or write through {@link #scratch} moves at most. */
    private static final int SCRATCH_SIZE = 32 * 1024;
    /** Events after which a read finds something: bytes, the end of the stream, or an error. */
    private static final int READABLE = Epoll.EPOLLIN | Epoll.EPOLLERR | Epoll.EPOLLHUP;
    /** How often a poll wakes to give up on carries past their time, at most. */
    private static final long LINGER_CHECK_MILLIS = 1_000;
    /** The slot of the eventfd that {@link #wakeup} signals. */
    private static final int WAKEUP_SLOT = 0;

    private final int epoll;
    private final int wakeupFd;
    private final ByteBuffer events = ByteBuffer.allocateDirect(MAX_EVENTS * 2 * Integer.BYTES).order(ByteOrder.nativeOrder());
    /** {@link #events}'s address, which each poll hands the library, as the ring's table is handed. */
    private final long eventsAddress = Epoll.address(events);
    /** Positions and lengths of a gathering send, two ints a buffer; loop thread only. */
    private final int[] spans = new int[2 * WriteQueue.MAX_GATHER];
    /** Where a heap buffer's bytes pass through on their way to or from a socket; made when first needed. */
    private ByteBuffer scratch;
    private EpollRegistration[] slots = new EpollRegistration[64];
    /** Slots never used from here up. */
    private int unused = WAKEUP_SLOT + 1;
    private int[] free = new int[16];
    private int freeCount;
    /** Slots given up since the poll began, free from the next. */
    private int[] released = new int[16];
    private int releasedCount;
    /** Guarded by this: a wakeup must never signal a descriptor number already closed and reused. */
    private boolean closed;
    /** The batches' ring, or null where the kernel has none or batching is off. */
    private final IoRing ring;
    private final ReadAhead readAhead;
    private final DeferredSends deferredSends;
    /** Registrations whose handler has bytes read ahead to take without the kernel's word. */
    private final List<EpollRegistration> waiting = new ArrayList<>();
    /** Registrations closed by their handler whose carry is still going. */
    private final List<EpollRegistration> lingering = new ArrayList<>();

    EpollPoller() {
        epoll = check(Epoll.create(), "epoll_create1");
        wakeupFd = Epoll.eventFd();
        int added = wakeupFd < 0 ? wakeupFd : Epoll.control(epoll, Epoll.CTL_ADD, wakeupFd, Epoll.EPOLLIN, WAKEUP_SLOT);
        if (added < 0) {
            // What was opened is given back: a loop that cannot start must not leak descriptors.
            if (wakeupFd >= 0) {
                Epoll.close(wakeupFd);
            }
            Epoll.close(epoll);
            check(added, wakeupFd < 0 ? "eventfd" : "epoll_ctl");
        }
        ring = Boolean.parseBoolean(System.getProperty(BATCHING_PROPERTY, "true"))
                ? IoRing.open(Math.max(ReadAhead.SLOTS, DeferredSends.MAX_SENDS)) : null;
        readAhead = ring == null ? null : new ReadAhead(ring);
        deferredSends = ring == null ? null : new DeferredSends(ring);
    }

    /** Whether reads and writes go in io_uring batches. */
    boolean batches() {
        return ring != null && ring.isUsable();
    }

    private static int check(int result, String call) {
        if (result < 0) {
            throw new UncheckedIOException(call + " failed", Epoll.failure(result));
        }
        return result;
    }

    @Override
    public Registration register(SelectableChannel channel, int ops, Selectable handler) throws IOException {
        int fd = Epoll.descriptor(channel);
        if (fd < 0) {
            throw new IOException("no descriptor in " + channel);
        }
        EpollRegistration registration = registration(channel, fd, handler);
        try {
            registration.interestOps(ops);
        } catch (RuntimeException e) {
            release(registration.slot());
            throw e;
        }
        return registration;
    }

    /**
     * Registers a descriptor that no JDK channel holds, watching for nothing yet: the registration
     * owns it, and closes it when it is closed.
     */
    Registration adopt(int fd, Selectable handler) {
        return registration(null, fd, handler);
    }

    private EpollRegistration registration(SelectableChannel channel, int fd, Selectable handler) {
        int slot = takeSlot();
        EpollRegistration registration = new EpollRegistration(this, channel, fd, slot, handler);
        slots[slot] = registration;
        return registration;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (unused == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        return unused++;
    }

    /** Gives a slot up; it is reused after the poll under way. */
    void release(int slot) {
        slots[slot] = null;
        if (releasedCount == released.length) {
            released = Arrays.copyOf(released, released.length * 2);
        }
        released[releasedCount++] = slot;
    }

    /** The scratch array for the positions and lengths of a gathering send; loop thread only. */
    int[] spans() {
        return spans;
    }

    /**
     * A direct buffer for the bytes of a heap buffer read or written (TLS records), as the JDK
     * copies them through a temporary one; loop thread only, and only during one read or write.
     */
    ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(SCRATCH_SIZE);
        }
        return scratch;
    }

    /** Changes what the kernel watches the descriptor for; {@code -errno} on failure. */
    int control(int op, int fd, int epollEvents, int slot) {
        return Epoll.control(epoll, op, fd, epollEvents, slot);
    }

    @Override
    public void poll(long timeoutMillis, Ready ready) throws IOException {
        recycleReleased();
        sendDeferred();
        int timeout = timeoutMillis < 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        if (hasReadableWaiting()) {
            timeout = 0;
        } else if (!lingering.isEmpty() && (timeout < 0 || timeout > LINGER_CHECK_MILLIS)) {
            timeout = (int) LINGER_CHECK_MILLIS;
        }
        int count = Epoll.await(epoll, eventsAddress, MAX_EVENTS, timeout);
        if (count < 0) {
            throw new IOException("epoll_wait failed", Epoll.failure(count));
        }
        if (readAhead == null) {
            for (int i = 0; i < count; i++) {
                dispatch(i, ready);
            }
            return;
        }
        for (int start = 0; start < count; start += ReadAhead.SLOTS) {
            int end = Math.min(count, start + ReadAhead.SLOTS);
            for (int i = start; i < end; i++) {
                EpollRegistration registration = registrationAt(i);
                if (registration != null && (happenedAt(i) & READABLE) != 0 && registration.readsAhead()) {
                    readAhead.add(registration);
                }
            }
            readAhead.run();
            for (int i = start; i < end; i++) {
                EpollRegistration registration = dispatch(i, ready);
                // What a handler left of its read is moved out before the next batch reuses the arena.
                if (registration != null && registration.keepUnread()) {
                    readWaiting(registration);
                }
            }
        }
        dispatchWaiting(ready);
        giveUpLingering();
    }

    private int happenedAt(int event) {
        return events.getInt(8 * event);
    }

    /** The registration of event {@code event}'s slot; null for the wakeup and for a slot given up. */
    private EpollRegistration registrationAt(int event) {
        int slot = slotAt(event);
        return slot == WAKEUP_SLOT ? null : slots[slot];
    }

    private int slotAt(int event) {
        return events.getInt(8 * event + 4);
    }

    /** Tells event {@code event}'s handler what it is ready for; answers its registration, or null. */
    private EpollRegistration dispatch(int event, Ready ready) {
        if (slotAt(event) == WAKEUP_SLOT) {
            Epoll.drain(wakeupFd);
            return null;
        }
        EpollRegistration registration = registrationAt(event);
        if (registration != null) {
            int readyOps = registration.readyOps(happenedAt(event));
            if (readyOps != 0) {
                ready.ready(registration.handler(), readyOps);
            }
        }
        return registration;
    }

    private boolean hasReadableWaiting() {
        for (EpollRegistration registration : waiting) {
            if (registration.wantsUnreadRead()) {
                return true;
            }
        }
        return false;
    }

    /** Lets handlers with bytes read ahead, and reading, take them: the kernel will not say so again. */
    private void dispatchWaiting(Ready ready) {
        if (waiting.isEmpty()) {
            return;
        }
        for (int i = 0, n = waiting.size(); i < n; i++) {
            EpollRegistration registration = waiting.get(i);
            if (registration.wantsUnreadRead()) {
                ready.ready(registration.handler(), SelectionKey.OP_READ);
            }
        }
        waiting.removeIf(registration -> !registration.hasUnread() || !registration.isValid());
    }

    private void giveUpLingering() {
        if (lingering.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (EpollRegistration registration : lingering) {
            long deadline = registration.closeDeadline();
            if (deadline != 0 && now - deadline >= 0) {
                registration.closeNow();
            }
        }
        lingering.removeIf(registration -> registration.closeDeadline() == 0 || !registration.isValid());
    }

    /** Holds back {@code src}'s bytes for {@code registration} to the end of the round, if it can. */
    boolean defer(EpollRegistration registration, ByteBuffer src) {
        return deferredSends != null && deferredSends.defer(registration, src);
    }

    /** Sends every write held back. */
    void sendDeferred() {
        if (deferredSends != null) {
            deferredSends.run();
        }
    }

    ByteBuffer readAheadArena() {
        return readAhead.arena();
    }

    ByteBuffer deferredArena() {
        return deferredSends.arena();
    }

    /** {@code registration} has bytes read ahead and reads again: its handler hears of it at the next poll. */
    void readWaiting(EpollRegistration registration) {
        if (!waiting.contains(registration)) {
            waiting.add(registration);
        }
    }

    /** {@code registration} was closed with a carry still to go. */
    void lingering(EpollRegistration registration) {
        lingering.add(registration);
    }

    private void recycleReleased() {
        if (releasedCount == 0) {
            return;
        }
        if (freeCount + releasedCount > free.length) {
            free = Arrays.copyOf(free, Math.max(free.length * 2, freeCount + releasedCount));
        }
        System.arraycopy(released, 0, free, freeCount, releasedCount);
        freeCount += releasedCount;
        releasedCount = 0;
    }

    @Override
    public synchronized void wakeup() {
        if (!closed) {
            Epoll.signal(wakeupFd);
        }
    }

    @Override
    public List<Selectable> handlers() {
        List<Selectable> handlers = new ArrayList<>();
        for (int slot = WAKEUP_SLOT + 1; slot < unused; slot++) {
            if (slots[slot] != null) {
                handlers.add(slots[slot].handler());
            }
        }
        return handlers;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sendDeferred();
        for (EpollRegistration registration : List.copyOf(lingering)) {
            registration.closeNow();
        }
        if (ring != null) {
            ring.close();
        }
        Epoll.close(wakeupFd);
        Epoll.close(epoll);
    }

    @Override
    public IoBackend backend() {
        return IoBackend.EPOLL;
    }
}
