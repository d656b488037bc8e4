package dev.anemone.internal;

import dev.anemone.BackpressurePolicy;
import dev.anemone.MessageDroppedException;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.WebSocketEngine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's way out: messages from any thread into the engine, and frames from the engine
 * onto the transport, with the send buffer's limit and policy on the way.
 *
 * <p>On the loop thread a message goes straight to the engine; from other threads it is copied
 * (unless the caller gave it up) and handed to the loop, and counts in {@link #bufferedAmount()}
 * meanwhile. Every frame the engine writes counts against the limit, control frames included: a
 * peer that pings and never reads cannot make the connection queue pongs without bound.
 * Broadcasts made before a write on the loop thread go out before it.
 *
 * <p>{@link WebSocketSession} is its only subclass, and {@link SessionEvents} its superclass: a
 * connection is one object rather than three, which saves an idle connection two object headers
 * and the references between them, while each part's code stays in its own file. Threads that
 * wait for room wait on the transport's monitor, which nothing else locks: the session's own may be
 * held by the application, which sees it as its {@code WebSocket}.
 */
abstract class Sender extends SessionEvents implements Outbound {

    private static final VarHandle HANDED_OVER;

    static {
        try {
            HANDED_OVER = MethodHandles.lookup().findVarHandle(Sender.class, "handedOver", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The server's fan-out on this loop, or null on a client. */
    private final Broadcaster broadcaster;
    /**
     * Bytes handed over from other threads and not yet given to the engine; a field updated
     * through {@link #HANDED_OVER} rather than an AtomicLong, one object less per connection.
     */
    private volatile long handedOver;
    /**
     * Someone looked at {@link #bufferedAmount()} since the last drain, so {@code onDrain} is owed
     * once the bytes handed over from other threads have gone out, even if they never had to
     * wait in the transport's queue (whose emptying reports a drain of its own).
     */
    private volatile boolean drainOwed;
    /** Payload bytes of the frame being written that are still to come, when a frame is written in pieces. */
    private int frameLeft;
    /** The policy is to be applied once the engine is done with the frame at hand. */
    private boolean overLimitPending;
    /**
     * TEXT or BINARY while the application is sending a message in parts, else -1: checked on
     * the sending thread, so that a message started in between fails there, not on the loop. A
     * byte, as is the next count a short: together they save a connection a word.
     */
    private volatile byte partsOpcode = -1;
    /** Threads waiting in {@link #awaitBufferedAtMost}, changed under the monitor; woken when the queue drains. */
    private volatile short drainWaiters;
    /** Broadcast frames held back while a message in parts is being sent; loop thread only. */
    private List<ByteBuffer> heldBroadcasts;

    Sender(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    abstract SessionSettings settings();

    abstract ReadyState readyState();

    /** Whether the closing handshake has begun or ended. */
    abstract boolean isClosingOrClosed();

    /** Starts the closing handshake with {@code code}. Loop thread. */
    abstract void closeOnLoop(int code, String reason);

    /** Bytes accepted for sending that the kernel has not taken yet, as the application asks. Any thread. */
    public long bufferedAmount() {
        // Owed before reading: a loop that empties the hand-over after this read sees it.
        drainOwed = true;
        return buffered();
    }

    /** What {@link #bufferedAmount()} says, without owing a drain for having looked. Any thread. */
    long buffered() {
        // The hand-over first: the loop queues a message before it stops counting it as handed
        // over, so read in this order a message moving from one to the other is never missed
        // (for a moment it may count twice), and a flow control built on this never overshoots.
        long handed = handedOver;
        return handed + transport().queuedBytes();
    }

    /**
     * Sends a text or binary message; {@code owned} says the caller gave up {@code payload}, so
     * it need not be copied when handed to the loop. Any thread.
     */
    boolean submit(boolean text, ByteBuffer payload, boolean owned) {
        if (partsOpcode >= 0) {
            throw new IllegalStateException("a message sent in parts is unfinished: send its last part first");
        }
        return submit(text, payload, owned, false, false);
    }

    /** Sends the next part of a message sent in parts; see {@link #submit(boolean, ByteBuffer, boolean)}. Any thread. */
    boolean submitPart(boolean text, ByteBuffer payload, boolean last, boolean owned) {
        int opcode = text ? Opcode.TEXT : Opcode.BINARY;
        int open = partsOpcode;
        if (open >= 0 && open != opcode) {
            throw new IllegalStateException("a " + Opcode.name(open) + " message sent in parts is unfinished");
        }
        partsOpcode = (byte) (last ? -1 : opcode);
        return submit(text, payload, owned, true, last);
    }

    private boolean submit(boolean text, ByteBuffer payload, boolean owned, boolean part, boolean last) {
        if (isClosingOrClosed()) {
            // The false returned is the one report: the application is told once, not twice.
            countDropped();
            return false;
        }
        int size = payload.remaining();
        if (!fits(size)) {
            transport().loop().execute(this::refusedOverLimit);
            return false;
        }
        if (transport().loop().inLoop()) {
            return sendOnLoop(text, payload, part, last);
        }
        ByteBuffer mine = owned ? payload : ByteBuffer.allocate(size).put(payload.duplicate()).flip();
        HANDED_OVER.getAndAdd(this, size);
        Runnable handedOver = () -> {
            if (!sendMessage(text, mine, part, last) && readyState() != ReadyState.CLOSED) {
                // Accepted, then dropped: onError is the only one left to tell, until onClose.
                callbacks().error(this, new MessageDroppedException("the connection is closing"));
            }
            HANDED_OVER.getAndAdd(this, -size);
            drainIfOwed();
        };
        if (broadcaster != null) {
            // In line with broadcasts made from other threads, so that this thread's send and a
            // publish it makes next arrive in that order.
            broadcaster.offer(handedOver);
        } else {
            transport().loop().submit(handedOver);
        }
        return true;
    }

    /**
     * Blocks the calling thread while more than {@code bytes} are buffered and the connection is
     * open; the loop thread never waits. Any other thread.
     */
    void awaitBufferedAtMost(long bytes) throws InterruptedIOException {
        if (transport().loop().inLoop()) {
            return;
        }
        Object monitor = transport();
        synchronized (monitor) {
            drainWaiters++;
            try {
                while (buffered() > bytes && !isClosingOrClosed()) {
                    // Woken when the queue drains; the timeout also catches it falling below
                    // the mark without draining completely.
                    monitor.wait(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the send buffer to drain");
            } finally {
                drainWaiters--;
            }
        }
    }

    /** Everything queued was written: wake the threads waiting for room. Loop thread. */
    void queueDrained() {
        if (drainWaiters > 0) {
            Object monitor = transport();
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /** The send buffer's limit. */
    long maxBufferedBytes() {
        return settings().maxBufferedBytes();
    }

    /**
     * Reports a drain when what other threads handed over has all gone to the transport without
     * queueing there, if the application looked at {@code bufferedAmount} meanwhile: it may have
     * seen the bytes handed over and paused a source until {@code onDrain}. Loop thread.
     */
    private void drainIfOwed() {
        if (drainOwed && handedOver == 0 && transport().queuedBytes() == 0 && !transport().isClosed()) {
            drainOwed = false;
            drained();
        }
    }

    /**
     * Sends whole frames encoded once for many receivers (a broadcast), if the connection is open.
     * Loop thread only; {@code frames} is consumed, so the caller rewinds it for the next.
     *
     * @return false if they were dropped: the connection is not open, or its send buffer is full
     */
    boolean sendEncoded(ByteBuffer frames) {
        // Not refused when a close was asked for: a close asked for after the broadcast goes out after it.
        if (readyState() != ReadyState.OPEN) {
            return false;
        }
        if (!fits(frames.remaining())) {
            overLimit();
            return false;
        }
        if (engine().isSendingFragments()) {
            // No frame of another message may go between the parts of one: this waits for its last.
            if (heldBroadcasts == null) {
                heldBroadcasts = new ArrayList<>();
            }
            heldBroadcasts.add(frames.slice());
            frames.position(frames.limit());
            return true;
        }
        engine().sendEncodedFrame(frames);
        return true;
    }

    private void sendHeldBroadcasts() {
        List<ByteBuffer> held = heldBroadcasts;
        heldBroadcasts = null;
        if (held != null && readyState() == ReadyState.OPEN) {
            for (ByteBuffer frames : held) {
                engine().sendEncodedFrame(frames);
            }
        }
    }

    /** The fan-out of this connection's loop, or null on a client. */
    Broadcaster broadcaster() {
        return broadcaster;
    }

    /** Lets broadcasts made before this write go out first. Loop thread. */
    void fanOutPendingBroadcasts() {
        if (broadcaster != null) {
            broadcaster.fanOutPending();
        }
    }

    private boolean fits(long size) {
        return buffered() + size <= settings().maxBufferedBytes();
    }

    private boolean sendOnLoop(boolean text, ByteBuffer payload, boolean part, boolean last) {
        fanOutPendingBroadcasts();
        return sendMessage(text, payload, part, last);
    }

    /** Sends a message now, behind whatever was sent before it. Loop thread. */
    private boolean sendMessage(boolean text, ByteBuffer payload, boolean part, boolean last) {
        boolean sent;
        if (readyState() == ReadyState.CLOSED) {
            sent = false;
        } else if (part) {
            sent = engine().sendFragment(text, payload, last);
            if (last) {
                sendHeldBroadcasts();
            }
        } else {
            sent = text ? engine().sendText(payload) : engine().sendBinary(payload);
        }
        if (!sent) {
            transport().loop().counters().messageDropped();
        } else if (!part || last) {
            transport().loop().counters().messagesOut(1);
        }
        return sent;
    }

    /**
     * A message of the application's own did not fit: counted as dropped here (a publication's
     * receivers are counted by the topics), then the policy. Loop thread.
     */
    private void refusedOverLimit() {
        transport().loop().counters().messageDropped();
        overLimit();
    }

    /** The send buffer is full: tell the application, and close if that is the policy. Loop thread. */
    private void overLimit() {
        overLimitPending = false;
        String why = "send buffer limit of " + settings().maxBufferedBytes() + " bytes reached";
        callbacks().error(this, new MessageDroppedException(why));
        int closeCode = settings().policy().closeCode();
        if (closeCode != 0 && readyState() == ReadyState.OPEN) {
            closeOnLoop(closeCode, "send buffer limit reached");
        }
    }

    /** Counts a message refused at once: the false returned told the application. Any thread. */
    private void countDropped() {
        transport().loop().execute(() -> transport().loop().counters().messageDropped());
    }

    // ------------------------------------------------------------ the engine's output, loop thread

    @Override
    public void write(ByteBuffer header, ByteBuffer payload) {
        if (!header.hasRemaining()) {
            // The rest of a frame written in pieces, or whole frames encoded elsewhere.
            frameLeft = Math.max(0, frameLeft - payload.remaining());
            transport().write(header, payload, frameLeft == 0);
            return;
        }
        int opcode = header.get(header.position()) & 0x0F;
        frameLeft = (int) (payloadLength(header) - payload.remaining());
        if (opcode == Opcode.PING || opcode == Opcode.PONG) {
            writeControl(header, payload);
        } else {
            transport().write(header, payload, frameLeft == 0);
            if (opcode == Opcode.CLOSE) {
                // Nothing follows our Close: half-close, and go on reading for the peer's.
                transport().shutdownOutput();
            }
        }
    }

    /** A ping or pong: ahead of queued data, but within the send buffer's limit like any frame. */
    private void writeControl(ByteBuffer header, ByteBuffer payload) {
        if (!fits(header.remaining() + payload.remaining())) {
            // Dropped: only the answer to the latest ping is owed (RFC 6455 section 5.5.3), and a
            // peer that lets this many pile up is not reading. The policy applies after this frame.
            if (!overLimitPending) {
                overLimitPending = true;
                transport().loop().submit(this::overLimit);
            }
            return;
        }
        transport().writeAhead(header, payload);
    }

    private static long payloadLength(ByteBuffer header) {
        int at = header.position();
        int length = header.get(at + 1) & 0x7F;
        int extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        if (extended == 0) {
            return length;
        }
        long value = 0;
        for (int i = 0; i < extended; i++) {
            value = (value << 8) | (header.get(at + 2 + i) & 0xFF);   // network order, whatever the buffer's
        }
        return value;
    }

    @Override
    public ByteBuffer headerBuffer() {
        // The engine runs on the loop thread only, and the transport writes or copies the header
        // before write() returns, so every connection of the loop can share one.
        return transport().loop().frameHeader();
    }

    @Override
    public void closeTransport() {
        if (engine().failure() != null) {
            // The peer broke the protocol and may still be sending: linger, so our Close is read.
            transport().closeLingering();
        } else {
            // Close frames went both ways: nothing more is coming.
            transport().closeAfterFlush();
        }
    }
}
