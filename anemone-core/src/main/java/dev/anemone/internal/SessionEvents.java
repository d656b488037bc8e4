package dev.anemone.internal;

import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.WebSocketEngine;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's way in: what the transport reports goes to the engine, and what the engine
 * reports goes to the application through the connection's {@link Callbacks}. Loop thread only.
 *
 * <p>It is also where reading is paused on demand: by the application ({@code pause()}), or
 * because too many messages wait for its executor. A pause takes effect at once, in the middle of
 * a read if need be: the engine stops delivering and what it did not process is kept here until
 * reading resumes, so nothing is delivered after a pause and nothing read is lost.
 *
 * <p>{@link WebSocketSession} is its only descendant, through {@link Sender}. They are one object
 * rather than three, which saves an idle connection two object headers and the references between
 * them; the code stays apart because each part is a different job. The engine's and transport's
 * callbacks are not on the public {@code WebSocket}, which the application sees.
 */
abstract class SessionEvents extends Sweepable implements EngineListener, TransportHandler, Callbacks.Target {

    /** The application paused reading. */
    static final int BY_APPLICATION = 1;
    /** Too many messages wait for the callbacks' executor. */
    static final int BY_BACKLOG = 2;

    /** Why reading is paused, as bits; 0 while it is not. */
    private int pausedBy;
    /** Bytes read but not processed yet, because a pause came in the middle of a read. */
    private ByteBuffer unread;

    abstract Transport transport();

    abstract WebSocketEngine engine();

    abstract Callbacks callbacks();

    /** Bytes from the transport, which the session checks against its limits before {@link #feed}. */
    abstract void received(ByteBuffer data);

    /** The transport sent all it held. */
    abstract void drained();

    /** Counts a message against the peer's rate; false once the connection closes for it. */
    abstract boolean withinMessageRate();

    /** The engine's state changed under the session: a Close arrived, or the protocol failed. */
    abstract void syncState();

    /** The connection is closed. */
    abstract void closed(int code, String reason, boolean wasClean);

    // ------------------------------------------------------------ pausing

    boolean isPaused() {
        return pausedBy != 0;
    }

    /** Hands bytes from the peer to the engine, keeping what a pause leaves unprocessed. */
    void feed(ByteBuffer data) {
        engine().receive(data);
        if (data.hasRemaining() && !transport().isClosed()) {
            // The loop's buffers are reused by the next read; anything else is ours to keep.
            unread = !transport().loop().isLoopBuffer(data) ? data : ByteBuffer.allocate(data.remaining()).put(data).flip();
        }
    }

    /**
     * Pauses for {@code reason}, or lifts that reason; returns whether reading resumed, having
     * first delivered what was left unprocessed.
     */
    boolean updatePause(int reason, boolean paused) {
        int before = pausedBy;
        pausedBy = paused ? before | reason : before & ~reason;
        if (before == 0 && pausedBy != 0) {
            engine().suspendInput();
            transport().pauseReading();
        } else if (before != 0 && pausedBy == 0) {
            resume();
            return true;
        }
        return false;
    }

    /** Lifts every reason, as when the connection starts closing and the peer's Close must be read. */
    boolean unpauseFully() {
        if (pausedBy == 0) {
            return false;
        }
        pausedBy = 0;
        resume();
        return true;
    }

    private void resume() {
        engine().resumeInput();
        ByteBuffer pending = unread;
        unread = null;
        if (pending != null) {
            feed(pending);
        }
        // What was kept may have paused delivery anew; then reading waits for the next resume.
        if (pausedBy == 0 && unread == null) {
            transport().resumeReading();
        }
    }

    // ------------------------------------------------------------ from the transport

    @Override
    public void onData(ByteBuffer data) {
        received(data);
    }

    @Override
    public void onEof() {
        // The peer's FIN without (or after) its Close: nothing more can arrive.
        transport().close(null);
    }

    @Override
    public void onDrained() {
        drained();
    }

    @Override
    public void onClosed(IOException cause) {
        if (cause != null && !engine().isInputClosed()) {
            callbacks().error(this, cause);
        }
        engine().transportClosed();
    }

    // ------------------------------------------------------------ from the engine

    @Override
    public void onText(ByteBuffer utf8) {
        EventLoop loop = transport().loop();
        loop.counters().messageIn();
        if (!withinMessageRate()) {
            return;
        }
        loop.textBeingDelivered(utf8);
        try {
            callbacks().text(this, utf8);
        } finally {
            loop.textBeingDelivered(null);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        transport().loop().counters().messageIn();
        if (withinMessageRate()) {
            callbacks().binary(this, data);
        }
    }

    @Override
    public void onTextPart(ByteBuffer utf8, boolean last) {
        countIfLast(last);
        callbacks().textPart(this, utf8, last);
    }

    @Override
    public void onBinaryPart(ByteBuffer data, boolean last) {
        countIfLast(last);
        callbacks().binaryPart(this, data, last);
    }

    private void countIfLast(boolean last) {
        if (last) {
            transport().loop().counters().messageIn();
            // A stream already begun is delivered to its end; the connection closes behind it.
            withinMessageRate();
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        callbacks().ping(this, payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        callbacks().pong(this, payload);
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        syncState();
    }

    @Override
    public void onFailure(ProtocolException failure) {
        syncState();
        callbacks().error(this, failure);
    }

    @Override
    public void onClosed(int code, String reason, boolean wasClean) {
        closed(code, reason, wasClean);
    }
}
