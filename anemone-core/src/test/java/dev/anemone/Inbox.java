package dev.anemone;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Our own client as a subscriber: keeps every text message (binary ones as "binary N") in order
 * and the close, for tests to take one by one.
 */
final class Inbox implements WebSocketListener {

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket;

    /** Connects to {@code path} on {@code server}, with {@code options}. */
    static Inbox connect(WebSocketServer server, String path, ClientOptions options) throws Exception {
        Inbox inbox = new Inbox();
        inbox.socket = WebSocketClient.shared()
                .connect(URI.create("ws://127.0.0.1:" + server.port() + path), options, inbox)
                .get(10, TimeUnit.SECONDS);
        return inbox;
    }

    static Inbox connect(WebSocketServer server, String path) throws Exception {
        return connect(server, path, ClientOptions.defaults());
    }

    /** Connects {@code count} inboxes to {@code path}, one after the other. */
    static List<Inbox> connectAll(WebSocketServer server, String path, int count, ClientOptions options) throws Exception {
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inboxes.add(connect(server, path, options));
        }
        return inboxes;
    }

    /** Sends {@code command} and waits for its answer, {@code ok COMMAND}. */
    void command(String command) throws InterruptedException {
        socket.send(command);
        String answer = next();
        if (!("ok " + command).equals(answer)) {
            throw new AssertionError("'" + command + "' was answered with '" + answer + "'");
        }
    }

    /** The next message, waiting up to ten seconds; null if none came. */
    String next() throws InterruptedException {
        return messages.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        messages.add(text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        messages.add("binary " + data.remaining());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        closed.complete(code + " " + reason);
    }
}
