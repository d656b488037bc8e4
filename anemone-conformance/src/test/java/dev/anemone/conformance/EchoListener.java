package dev.anemone.conformance;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system under test's application, in either role: text and binary messages come back as
 * they went in, except the text {@value #PLEASE_CLOSE}, which makes it start the closing
 * handshake with {@value #CLOSE_CODE}. It records how each connection ended, keyed by the
 * request's {@code Sec-WebSocket-Key} on a server (one listener serves every connection; ports get
 * reused, keys do not) or under {@value #CLIENT_KEY} on a client (one listener per connection).
 */
final class EchoListener implements WebSocketListener {

    static final String PLEASE_CLOSE = "please close";
    static final int CLOSE_CODE = 4000;
    static final String CLIENT_KEY = "client";

    /** What {@code onClose} reported and when ({@link System#nanoTime()}), with the first {@code onError} if there was one. */
    record Closed(int code, String reason, boolean wasClean, String firstError, long nanos) {
    }

    private final boolean server;
    private final Map<String, CompletableFuture<Closed>> closes = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();

    EchoListener(boolean server) {
        this.server = server;
    }

    /** Completes when the connection with handshake key {@code key} ({@value #CLIENT_KEY} on a client) is closed. */
    CompletableFuture<Closed> closed(String key) {
        return closes.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.attach(server ? socket.handshakeHeaders().get("Sec-WebSocket-Key") : CLIENT_KEY);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        if (PLEASE_CLOSE.equals(text)) {
            socket.close(CLOSE_CODE, "as requested");
        } else {
            socket.send(text);
        }
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.send(data);
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        String key = socket.attachment();
        if (key != null) {
            errors.putIfAbsent(key, error.toString());
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        String key = socket.attachment();
        if (key != null) {
            closed(key).complete(new Closed(code, reason, wasClean, errors.remove(key), System.nanoTime()));
        }
    }
}
