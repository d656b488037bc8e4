package dev.anemone.internal;

import dev.anemone.protocol.WebSocketEngine;
import java.nio.ByteBuffer;

/**
 * Where a connection's bytes enter its engine, and where reading is paused on demand: by the
 * application ({@code pause()}), or because too many messages wait for its executor. A pause
 * takes effect at once, in the middle of a read if need be: the engine stops delivering and what
 * it did not process is kept here until reading resumes, so nothing is delivered after a pause
 * and nothing read is lost. Loop thread only.
 */
final class ReadGate {

    /** The application paused reading. */
    static final int BY_APPLICATION = 1;
    /** Too many messages wait for the callbacks' executor. */
    static final int BY_BACKLOG = 2;

    private final WebSocketEngine engine;
    private final Transport transport;
    /** Why reading is paused, as bits; 0 while it is not. */
    private int pausedBy;
    /** Bytes read but not processed yet, because a pause came in the middle of a read. */
    private ByteBuffer unread;

    ReadGate(WebSocketEngine engine, Transport transport) {
        this.engine = engine;
        this.transport = transport;
    }

    boolean isPaused() {
        return pausedBy != 0;
    }

    /** Hands bytes from the peer to the engine, keeping what a pause leaves unprocessed. */
    void feed(ByteBuffer data) {
        engine.receive(data);
        if (data.hasRemaining() && !transport.isClosed()) {
            // The loop's read buffer is reused by the next read; anything else is ours to keep.
            unread = data != transport.loop().readBuffer() ? data : ByteBuffer.allocate(data.remaining()).put(data).flip();
        }
    }

    /**
     * Pauses for {@code reason}, or lifts that reason; returns whether reading resumed, having
     * first delivered what was left unprocessed.
     */
    boolean set(int reason, boolean paused) {
        int before = pausedBy;
        pausedBy = paused ? before | reason : before & ~reason;
        if (before == 0 && pausedBy != 0) {
            engine.suspendInput();
            transport.pauseReading();
        } else if (before != 0 && pausedBy == 0) {
            resume();
            return true;
        }
        return false;
    }

    /** Lifts every reason, as when the connection starts closing and the peer's Close must be read. */
    boolean openFully() {
        if (pausedBy == 0) {
            return false;
        }
        pausedBy = 0;
        resume();
        return true;
    }

    private void resume() {
        engine.resumeInput();
        ByteBuffer pending = unread;
        unread = null;
        if (pending != null) {
            feed(pending);
        }
        // What was kept may have paused delivery anew; then reading waits for the next resume.
        if (pausedBy == 0 && unread == null) {
            transport.resumeReading();
        }
    }
}
