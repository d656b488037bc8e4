package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streaming against a peer we did not write: the JDK's {@code java.net.http.WebSocket} sends
 * large messages in fragments ({@code sendBinary(data, false)}, {@code sendText(part, false)});
 * our server's {@link StreamingListener} takes them in parts and echoes each part at once with
 * {@link WebSocket#sendBinaryPart} and {@link WebSocket#sendTextPart}; the JDK client reassembles
 * the echo, which must equal what it sent. The server relays with flow control: it pauses while
 * its echo is more than 1 MiB behind and resumes on drain, so the echo never nears the send limit.
 * (The Node {@code ws} interop lives in
 * {@code anemone-tests}; the JDK's client needs no process of its own.)
 */
@Timeout(60)
class StreamingInteropTest {

    private static final int SIZE = 32 << 20;
    private static final long WAIT_SECONDS = 20;
    /** Echoed bytes waiting to be sent past which the server stops reading, well under the 16 MiB limit. */
    private static final long BEHIND = 1 << 20;

    private final List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger partsEchoed = new AtomicInteger();
    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxMessageSize(SIZE)
                .endpoint("/parts", new StreamingListener() {
                    @Override
                    public void onTextPart(WebSocket socket, String text, boolean last) {
                        partsEchoed.incrementAndGet();
                        socket.sendTextPart(text, last);
                        pauseWhileBehind(socket);
                    }

                    @Override
                    public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
                        partsEchoed.incrementAndGet();
                        socket.sendBinaryPart(data, last);
                        pauseWhileBehind(socket);
                    }

                    /** A relay's flow control: stop taking parts while the echo waits to go out. */
                    private void pauseWhileBehind(WebSocket socket) {
                        if (socket.bufferedAmount() > BEHIND) {
                            socket.pause();
                        }
                    }

                    @Override
                    public void onDrain(WebSocket socket) {
                        socket.resume();
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        serverErrors.add(error);
                    }
                })
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The JDK's side: gathers the echoed message, asking for frames as it goes. */
    private static final class Gatherer implements java.net.http.WebSocket.Listener {
        final CompletableFuture<byte[]> binary = new CompletableFuture<>();
        final CompletableFuture<String> text = new CompletableFuture<>();
        final AtomicInteger pieces = new AtomicInteger();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final StringBuilder chars = new StringBuilder();

        @Override
        public void onOpen(java.net.http.WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket webSocket, ByteBuffer data, boolean last) {
            pieces.incrementAndGet();
            byte[] piece = new byte[data.remaining()];
            data.get(piece);
            bytes.writeBytes(piece);
            if (last) {
                binary.complete(bytes.toByteArray());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
            pieces.incrementAndGet();
            chars.append(data);
            if (last) {
                text.complete(chars.toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket webSocket, Throwable error) {
            binary.completeExceptionally(error);
            text.completeExceptionally(error);
        }
    }

    @Test
    void binaryFragmentsFromTheJdkClientAreEchoedPartByPart() throws Exception {
        byte[] message = new byte[SIZE];
        new SplittableRandom(11).nextBytes(message);
        Gatherer gatherer = new Gatherer();
        java.net.http.WebSocket jdk = connect(gatherer);
        // Fragments of 1 MiB; the JDK allows one send in flight at a time.
        int fragment = 1 << 20;
        for (int at = 0; at < SIZE; at += fragment) {
            boolean last = at + fragment >= SIZE;
            jdk.sendBinary(ByteBuffer.wrap(message, at, Math.min(fragment, SIZE - at)), last)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        byte[] echoed = gatherer.binary.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(echoed.length).isEqualTo(SIZE);
        assertThat(echoed).as("the echo, byte for byte").isEqualTo(message);
        assertThat(serverErrors).isEmpty();
        assertThat(partsEchoed.get()).as("parts the server echoed").isGreaterThanOrEqualTo(SIZE / PartDigest.PART);
        assertThat(gatherer.pieces.get()).as("pieces the JDK client got").isGreaterThan(1);
        jdk.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void textPartsFromTheJdkClientAreEchoedPartByPart() throws Exception {
        String text = StreamingTextTest.mixedText(1_000_000, new SplittableRandom(13));
        List<String> parts = StreamingTextTest.cut(text, new SplittableRandom(17));
        Gatherer gatherer = new Gatherer();
        java.net.http.WebSocket jdk = connect(gatherer);
        for (int i = 0; i < parts.size(); i++) {
            jdk.sendText(parts.get(i), i == parts.size() - 1).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(gatherer.text.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(text);
        assertThat(serverErrors).isEmpty();
        assertThat(partsEchoed.get()).as("parts the server echoed").isGreaterThan(1);
        jdk.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private java.net.http.WebSocket connect(Gatherer gatherer) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/parts"), gatherer)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
