package dev.anemone.internal;

import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.WebSocketEngine;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's way in: what the transport reports goes to the engine, and what the engine
 * reports goes to the application through the connection's {@link Callbacks}. It keeps the
 * engine's and the transport's callbacks off the public {@code WebSocket}. Loop thread only.
 *
 * <p>It is also where reading is paused on demand: by the application ({@code pause()}), or
 * because too many messages wait for its executor. A pause takes effect at once, in the middle of
 * a read if need be: the engine stops delivering and what it did not process is kept here until
 * reading resumes, so nothing is delivered after a pause and nothing read is lost.
 */
final class SessionEvents implements EngineListener, TransportHandler {

    /** The application paused reading. */
    static final int BY_APPLICATION = 1;
    /** Too many messages wait for the callbacks' executor. */
    static final int BY_BACKLOG = 2;

    /** The session, through which the transport and engine are reached: two fields less per connection. */
    private final WebSocketSession session;
    /** Why reading is paused, as bits; 0 while it is not. */
    private int pausedBy;
    /** Bytes read but not processed yet, because a pause came in the middle of a read. */
    private ByteBuffer unread;

    SessionEvents(WebSocketSession session) {
        this.session = session;
    }

    private Transport transport() {
        return session.transport();
    }

    private WebSocketEngine engine() {
        return session.engine();
    }

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
    boolean setPaused(int reason, boolean paused) {
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
        session.received(data);
    }

    @Override
    public void onEof() {
        // The peer's FIN without (or after) its Close: nothing more can arrive.
        transport().close(null);
    }

    @Override
    public void onDrained() {
        session.drained();
    }

    @Override
    public void onClosed(IOException cause) {
        if (cause != null && !engine().isInputClosed()) {
            session.callbacks().error(session, cause);
        }
        engine().transportClosed();
    }

    // ------------------------------------------------------------ from the engine

    @Override
    public void onText(ByteBuffer utf8) {
        EventLoop loop = transport().loop();
        loop.counters().messageIn();
        if (!session.withinMessageRate()) {
            return;
        }
        loop.textBeingDelivered(utf8);
        try {
            session.callbacks().text(session, utf8);
        } finally {
            loop.textBeingDelivered(null);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        transport().loop().counters().messageIn();
        if (session.withinMessageRate()) {
            session.callbacks().binary(session, data);
        }
    }

    @Override
    public void onTextPart(ByteBuffer utf8, boolean last) {
        countIfLast(last);
        session.callbacks().textPart(session, utf8, last);
    }

    @Override
    public void onBinaryPart(ByteBuffer data, boolean last) {
        countIfLast(last);
        session.callbacks().binaryPart(session, data, last);
    }

    private void countIfLast(boolean last) {
        if (last) {
            transport().loop().counters().messageIn();
            // A stream already begun is delivered to its end; the connection closes behind it.
            session.withinMessageRate();
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        session.callbacks().ping(session, payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        session.callbacks().pong(session, payload);
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        session.syncState();
    }

    @Override
    public void onFailure(ProtocolException failure) {
        session.syncState();
        session.callbacks().error(session, failure);
    }

    @Override
    public void onClosed(int code, String reason, boolean wasClean) {
        session.closed(code, reason, wasClean);
    }
}
