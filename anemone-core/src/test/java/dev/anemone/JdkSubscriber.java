package dev.anemone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket.Listener;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that records each whole message as "text ..." or "binary N bytes". */
final class JdkSubscriber implements Listener {

    private static final HttpClient JDK = HttpClient.newHttpClient();

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CountDownLatch all;
    final Semaphore arrived = new Semaphore(0);
    final CompletableFuture<String> closed = new CompletableFuture<>();
    java.net.http.WebSocket socket;
    private final StringBuilder text = new StringBuilder();
    private int binaryBytes;

    private JdkSubscriber(int expected) {
        all = new CountDownLatch(expected);
    }

    static JdkSubscriber connect(WebSocketServer server, String path, int expected) throws Exception {
        JdkSubscriber subscriber = new JdkSubscriber(expected);
        subscriber.socket = JDK.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), subscriber)
                .get(5, TimeUnit.SECONDS);
        return subscriber;
    }

    @Override
    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            record("text " + text);
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(java.net.http.WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (bytes.length < 64 && last && binaryBytes == 0) {
            record("binary " + new String(bytes));
        } else {
            binaryBytes += bytes.length;
            if (last) {
                record("binary " + binaryBytes + " bytes");
                binaryBytes = 0;
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    private void record(String message) {
        received.add(message);
        all.countDown();
        arrived.release();
    }
}
