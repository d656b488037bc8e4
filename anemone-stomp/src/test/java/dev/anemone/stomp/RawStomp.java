package dev.anemone.stomp;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket that writes STOMP frames as raw text and decodes what comes back: for feeding the broker what no client library would send. */
class RawStomp implements WebSocketListener {

    final BlockingQueue<StompFrame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StompDecoder decoder = new StompDecoder(StompLimits.defaults());
    WebSocket socket;

    static RawStomp open(URI uri, String... protocols) {
        RawStomp raw = new RawStomp();
        raw.socket = WebSocketClient.shared().connect(uri, ClientOptions.builder().protocols(protocols).build(), raw)
                .orTimeout(10, TimeUnit.SECONDS).join();
        return raw;
    }

    /** Opens and sends CONNECT for 1.2, expecting CONNECTED. */
    static RawStomp connected(URI uri) throws InterruptedException {
        RawStomp raw = open(uri, "v12.stomp");
        raw.send("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
        raw.expect(StompCommand.CONNECTED);
        raw.decoder.version(StompVersion.V1_2);
        return raw;
    }

    void send(String text) {
        socket.send(text);
    }

    StompFrame next() throws InterruptedException {
        StompFrame frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }

    StompFrame expect(StompCommand command) throws InterruptedException {
        StompFrame frame = next();
        if (frame.command() != command) {
            throw new AssertionError("expected " + command + ", got " + frame + ": " + frame.header("message"));
        }
        return frame;
    }

    int closeCode() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void onTextUtf8(WebSocket webSocket, ByteBuffer utf8) {
        decoder.decode(utf8, frames::add);
    }

    @Override
    public void onBinary(WebSocket webSocket, ByteBuffer data) {
        decoder.decode(data, frames::add);
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason, boolean wasClean) {
        closed.complete(code);
    }
}
