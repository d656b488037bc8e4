package dev.anemone.internal;

import dev.anemone.IoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 */
final class EpollPoller implements Poller {

    private static final int MAX_EVENTS = 1024;
    /** The slot of the eventfd that {@link #wakeup} signals. */
    private static final int WAKEUP_SLOT = 0;

    private final int epoll;
    private final int wakeupFd;
    private final ByteBuffer events = ByteBuffer.allocateDirect(MAX_EVENTS * 2 * Integer.BYTES).order(ByteOrder.nativeOrder());
    /** Positions and lengths of a gathering send, two ints a buffer; loop thread only. */
    private final int[] spans = new int[2 * WriteQueue.MAX_GATHER];
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
        int slot = takeSlot();
        EpollRegistration registration = new EpollRegistration(this, channel, fd, slot, handler);
        slots[slot] = registration;
        try {
            registration.interestOps(ops);
        } catch (RuntimeException e) {
            release(slot);
            throw e;
        }
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

    /** Changes what the kernel watches the descriptor for; {@code -errno} on failure. */
    int control(int op, int fd, int epollEvents, int slot) {
        return Epoll.control(epoll, op, fd, epollEvents, slot);
    }

    @Override
    public void poll(long timeoutMillis, Ready ready) throws IOException {
        recycleReleased();
        int timeout = timeoutMillis < 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int count = Epoll.await(epoll, events, MAX_EVENTS, timeout);
        if (count < 0) {
            throw new IOException("epoll_wait failed", Epoll.failure(count));
        }
        for (int i = 0; i < count; i++) {
            int happened = events.getInt(8 * i);
            int slot = events.getInt(8 * i + 4);
            if (slot == WAKEUP_SLOT) {
                Epoll.drain(wakeupFd);
                continue;
            }
            EpollRegistration registration = slots[slot];
            if (registration != null) {
                int readyOps = registration.readyOps(happened);
                if (readyOps != 0) {
                    ready.ready(registration.handler(), readyOps);
                }
            }
        }
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
        Epoll.close(wakeupFd);
        Epoll.close(epoll);
    }

    @Override
    public IoBackend backend() {
        return IoBackend.EPOLL;
    }
}
