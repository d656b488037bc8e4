package dev.anemone.interop;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Our side of a connection, reporting in the peers' vocabulary (see {@link Event}); the open
 * event carries the {@link WebSocket} under "socket". An echoing recorder sends every message
 * back with its type, as an echo server does.
 */
final class Recorder implements WebSocketListener {

    private final EventLog events;
    private final boolean echo;

    Recorder(EventLog events, boolean echo) {
        this.events = events;
        this.echo = echo;
    }

    @Override
    public void onOpen(WebSocket socket) {
        events.add(Event.of("open", "path", socket.uri().getPath(), "protocol", socket.protocol(), "socket", socket));
    }

    @Override
    public void onText(WebSocket socket, String text) {
        events.add(message(socket, "text", ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
        if (echo) {
            socket.send(text);
        }
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        events.add(message(socket, "binary", data));
        if (echo) {
            socket.send(data);
        }
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer payload) {
        events.add(Event.of("ping", "path", socket.uri().getPath(), "payload", Payloads.hex(payload)));
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer payload) {
        events.add(Event.of("pong", "path", socket.uri().getPath(), "payload", Payloads.hex(payload)));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add(Event.of("error", "path", socket.uri().getPath(), "message", String.valueOf(error)));
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        events.add(Event.of("close", "path", socket.uri().getPath(), "code", (long) code, "reason", reason,
                "wasClean", wasClean));
    }

    private static Event message(WebSocket socket, String type, ByteBuffer data) {
        return Event.of("message", "path", socket.uri().getPath(), "type", type, "length", (long) data.remaining(),
                "sha256", Payloads.sha256(data));
    }
}
