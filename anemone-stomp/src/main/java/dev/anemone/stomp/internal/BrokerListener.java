package dev.anemone.stomp.internal;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.nio.ByteBuffer;

/** The WebSocket listener at the broker's path: one {@link StompSession} per connection, attached to its socket. */
public final class BrokerListener implements WebSocketListener {

    private final Broker broker;

    /** The listener of {@code broker}'s sessions. */
    public BrokerListener(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.attach(new StompSession(broker, socket));
    }

    @Override
    public void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
        session(socket).receive(utf8);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        session(socket).receive(data);
    }

    @Override
    public void onDrain(WebSocket socket) {
        session(socket).drained();
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        StompSession session = socket.attachment();
        if (session != null) {
            session.closed();
        }
    }

    private static StompSession session(WebSocket socket) {
        return socket.attachment();
    }
}
