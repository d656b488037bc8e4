package dev.anemone.sockjs.internal;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;

/**
 * The listener of {@code /{server}/{session}/websocket}: each connection carries one SockJS
 * session in frames ({@code o}, {@code h}, {@code a[...]}, {@code c[...]}), and the client sends
 * JSON arrays of strings (or one JSON string). The application sees the session, not the socket.
 */
public final class FramedWebSocketListener implements WebSocketListener {

    private record Binding(Session session, WebSocketReceiver receiver) {
    }

    private final SockJsContext context;

    /** A listener whose sessions share {@code context}. */
    public FramedWebSocketListener(SockJsContext context) {
        this.context = context;
    }

    @Override
    public void onOpen(WebSocket socket) {
        Session session = new Session(null, context, new Origin(socket.uri(), socket.remoteAddress(),
                socket.remoteAddress().getAddress(), socket.handshakeHeaders()));
        WebSocketReceiver receiver = new WebSocketReceiver(socket);
        socket.attach(new Binding(session, receiver));
        context.sessions().addUnnamed(session);
        session.attach(receiver);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        Binding binding = socket.attachment();
        if (text.isEmpty()) {
            return;
        }
        try {
            binding.session().receive(Json.parseArrayOrString(text));
        } catch (Json.BrokenJsonException broken) {
            socket.close(3000, "Broken framing.");
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        Binding binding = socket.attachment();
        if (binding != null) {
            binding.session().lost(binding.receiver(), code, reason, wasClean);
        }
    }
}
