package dev.anemone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that writes every event as a line into a queue, for tests to take in order. */
final class Events implements WebSocketListener {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    /** The next event, waiting up to five seconds; null if none came. */
    String next() throws InterruptedException {
        return lines.poll(5, TimeUnit.SECONDS);
    }

    /** The next event if one has come already, else null, without waiting. */
    String nextOrNone() {
        return lines.poll();
    }

    /** The next event that starts with {@code prefix}, skipping others. */
    String nextStartingWith(String prefix) throws InterruptedException {
        for (String line = next(); line != null; line = next()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void onOpen(WebSocket socket) {
        lines.add("open " + socket.protocol());
    }

    @Override
    public void onText(WebSocket socket, String text) {
        lines.add("text " + text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        lines.add("binary " + data.remaining());
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer payload) {
        lines.add("ping " + StandardCharsets.UTF_8.decode(payload));
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer payload) {
        lines.add("pong " + StandardCharsets.UTF_8.decode(payload));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        lines.add("error " + error.getClass().getSimpleName());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        lines.add("close " + code + " " + reason + " " + wasClean);
    }
}
