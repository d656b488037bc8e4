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
 */
final class SessionEvents implements EngineListener, TransportHandler {

    private final WebSocketSession session;
    private WebSocketEngine engine;
    /** The text message being delivered, already validated, while the listener runs on the loop. */
    private ByteBuffer receivedText;
    private int receivedFrom;
    private int receivedTo;

    SessionEvents(WebSocketSession session) {
        this.session = session;
    }

    void attach(WebSocketEngine connectionEngine) {
        this.engine = connectionEngine;
    }

    /**
     * Whether {@code utf8} is exactly the text message being delivered on the loop right now,
     * which needs no second validation when it is echoed or relayed. Loop thread.
     */
    boolean isTextBeingDelivered(ByteBuffer utf8) {
        return utf8 == receivedText && utf8.position() == receivedFrom && utf8.limit() == receivedTo;
    }

    // ------------------------------------------------------------ from the transport

    @Override
    public void onData(ByteBuffer data) {
        session.received(data);
    }

    @Override
    public void onEof() {
        // The peer's FIN without (or after) its Close: nothing more can arrive.
        session.transport().close(null);
    }

    @Override
    public void onDrained() {
        session.drained();
    }

    @Override
    public void onClosed(IOException cause) {
        if (cause != null && !engine.isInputClosed()) {
            session.callbacks().error(cause);
        }
        engine.transportClosed();
    }

    // ------------------------------------------------------------ from the engine

    @Override
    public void onText(ByteBuffer utf8) {
        receivedText = utf8;
        receivedFrom = utf8.position();
        receivedTo = utf8.limit();
        try {
            session.callbacks().text(utf8);
        } finally {
            receivedText = null;
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        session.callbacks().binary(data);
    }

    @Override
    public void onTextPart(ByteBuffer utf8, boolean last) {
        session.callbacks().textPart(utf8, last);
    }

    @Override
    public void onBinaryPart(ByteBuffer data, boolean last) {
        session.callbacks().binaryPart(data, last);
    }

    @Override
    public void onPing(ByteBuffer payload) {
        session.callbacks().ping(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        session.callbacks().pong(payload);
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        session.syncState();
    }

    @Override
    public void onFailure(ProtocolException failure) {
        session.syncState();
        session.callbacks().error(failure);
    }

    @Override
    public void onClosed(int code, String reason, boolean wasClean) {
        session.closed(code, reason, wasClean);
    }
}
