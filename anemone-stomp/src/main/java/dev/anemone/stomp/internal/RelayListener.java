package dev.anemone.stomp.internal;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.stomp.StompRelayOptions;
import java.nio.ByteBuffer;

/** The WebSocket listener at the relay's path: one {@link RelaySession}, and so one broker connection, per WebSocket. */
public final class RelayListener implements WebSocketListener {

    private final RelayContext context;

    /** Relays with {@code options}. */
    public RelayListener(StompRelayOptions options) {
        this.context = new RelayContext(options);
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.attach(new RelaySession(context, socket));
    }

    @Override
    public void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
        socket.<RelaySession>attachment().fromClient(utf8);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.<RelaySession>attachment().fromClient(data);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        RelaySession session = socket.attachment();
        if (session != null) {
            session.closed();
        }
    }
}
