package dev.anemone.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fans broadcast frames out to the sessions of one event loop, coalescing a burst.
 *
 * <p>Frames offered before the loop gets round to them go out together: a publisher whose read
 * brings eight messages costs each subscriber one write of eight frames rather than eight
 * writes, and the write system call, not the frame, is what a fan-out pays for. Order is kept:
 * frames go out in the order offered, and after whatever the session was sent before the loop
 * ran the fan-out.
 */
final class Broadcaster {

    /**
     * Frames are joined into writes of at most this many bytes: enough for a burst of small
     * messages, and small enough that the send-buffer limit still judges messages, not bursts.
     */
    private static final int MAX_BURST = 64 * 1024;

    private final EventLoop loop;
    /**
     * All the server's open sessions, of which this loop serves its own. Scanning the others is
     * cheap beside a write each, and saves every connection a second set entry.
     */
    private final Set<WebSocketSession> sessions;
    private final Runnable fanOut = this::fanOut;
    private List<ByteBuffer> pending = new ArrayList<>();
    private volatile boolean scheduled;

    Broadcaster(EventLoop loop, Set<WebSocketSession> sessions) {
        this.loop = loop;
        this.sessions = sessions;
    }

    /** Queues whole encoded frames, shared read-only with other loops, for every session of this loop. Any thread. */
    void offer(ByteBuffer frames) {
        if (sessions.isEmpty()) {
            return;
        }
        synchronized (this) {
            pending.add(frames);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        // Queued even on the loop's own thread, so that the rest of a read's messages join in.
        loop.submit(fanOut);
    }

    /**
     * Sends what is pending now rather than when the loop gets to it: a session writing on the
     * loop thread calls this first, so a broadcast made before its write also arrives before it.
     * Loop thread only.
     */
    void fanOutPending() {
        if (scheduled) {
            fanOut();
        }
    }

    private void fanOut() {
        List<ByteBuffer> frames;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            frames = pending;
            pending = new ArrayList<>(frames.size());
            scheduled = false;
        }
        int from = 0;
        while (from < frames.size()) {
            int to = from + 1;
            int size = frames.get(from).remaining();
            while (to < frames.size() && size + frames.get(to).remaining() <= MAX_BURST) {
                size += frames.get(to).remaining();
                to++;
            }
            send(join(frames, from, to, size), to - from);
            from = to;
        }
    }

    /** Writes {@code burst}, {@code frames} whole messages, to every session, from its start each time. */
    private void send(ByteBuffer burst, int frames) {
        int start = burst.position();
        for (WebSocketSession session : sessions) {
            if (session.loop() == loop) {
                burst.position(start);
                session.sendEncoded(burst);
                if (!burst.hasRemaining()) {
                    // Taken, not refused (a session closing or over its limit leaves it unread).
                    loop.counters().messagesOut(frames);
                }
            }
        }
    }

    /** Frames {@code from} to {@code to} in one buffer of this loop's own. */
    private static ByteBuffer join(List<ByteBuffer> frames, int from, int to, int size) {
        if (to - from == 1) {
            return frames.get(from).duplicate();
        }
        ByteBuffer joined = ByteBuffer.allocate(size);
        for (int i = from; i < to; i++) {
            joined.put(frames.get(i).duplicate());
        }
        return joined.flip();
    }
}
