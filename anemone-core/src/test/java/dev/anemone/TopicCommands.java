package dev.anemone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A server endpoint driven by its clients' text messages, for topic tests: {@code sub T} and
 * {@code unsub T} answer {@code ok sub T} / {@code ok unsub T} once done, and {@code pub T text}
 * publishes {@code text} to T's other subscribers. Every server-side socket opened is kept, and
 * every error a socket hears is recorded with the socket's topics at the time.
 */
final class TopicCommands implements WebSocketListener {

    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket socket) {
        opened.add(socket);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        String[] words = text.split(" ", 3);
        switch (words[0]) {
            case "sub" -> {
                socket.subscribe(words[1]);
                socket.send("ok sub " + words[1]);
            }
            case "unsub" -> {
                socket.unsubscribe(words[1]);
                socket.send("ok unsub " + words[1]);
            }
            case "pub" -> socket.publish(words[1], words[2]);
            default -> socket.send("unknown " + text);
        }
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        onText(socket, StandardCharsets.UTF_8.decode(data).toString());
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        errors.add(error);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        closed.add(code + " " + reason);
    }
}
