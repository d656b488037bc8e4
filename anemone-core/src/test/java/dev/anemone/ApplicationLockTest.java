package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * An application may lock a {@link WebSocket} it holds (to keep its sends in order, say): the
 * event loop never waits for that lock, even while a thread of the application waits for the
 * connection's send buffer to drain.
 */
class ApplicationLockTest extends LoopbackFixture {

    private static final int CHUNK = 64 * 1024;
    private static final long BUFFER_LIMIT = 256 * 1024;
    private static final int STREAMED = 64 * 1024 * 1024;


    @Test
    void theLoopServesOtherConnectionsWhileTheApplicationHoldsASocketsLock() throws Exception {
        AtomicReference<WebSocket> streaming = new AtomicReference<>();
        CountDownLatch streamStarted = new CountDownLatch(1);
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxBufferedBytes(BUFFER_LIMIT, BackpressurePolicy.CLOSE)
                .endpoint("/stream", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        streaming.set(socket);
                        Thread writer = new Thread(() -> streamTo(socket, streamStarted), "stream-writer");
                        writer.setDaemon(true);
                        writer.start();
                    }
                })
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.send(text);
                    }
                })
                .start();
        String base = "ws://127.0.0.1:" + server.port();
        // More than loopback's socket buffers hold, so that the server's own buffer fills and its
        // writer waits for room; the reader counts what arrives.
        ClientOptions large = ClientOptions.defaults().toBuilder().maxMessageSize(STREAMED + CHUNK).build();
        AtomicLong received = new AtomicLong();
        CountDownLatch mostReceived = new CountDownLatch(1);
        WebSocket reader = client.connect(URI.create(base + "/stream"), large, new StreamingListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.pause();
            }

            @Override
            public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
                if (received.addAndGet(data.remaining()) >= STREAMED / 2) {
                    mostReceived.countDown();
                }
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(streamStarted.await(5, TimeUnit.SECONDS)).isTrue();
        WebSocket serverSide = streaming.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (serverSide.bufferedAmount() < BUFFER_LIMIT / 4 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(serverSide.bufferedAmount()).as("bytes waiting for the paused reader").isGreaterThanOrEqualTo(BUFFER_LIMIT / 4);

        CountDownLatch echoed = new CountDownLatch(1);
        synchronized (serverSide) {
            // The buffer drains now, again and again, each time waking the waiting writer: the
            // loop must not need this lock for that, or it stops at the first drain.
            reader.resume();
            assertThat(mostReceived.await(20, TimeUnit.SECONDS))
                    .as("half the stream received while the lock is held (%d bytes came)", received.get()).isTrue();
            client.connect(URI.create(base + "/echo"), new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket) {
                    socket.send("still served");
                }

                @Override
                public void onText(WebSocket socket, String text) {
                    if (text.equals("still served")) {
                        echoed.countDown();
                    }
                }
            });
            assertThat(echoed.await(5, TimeUnit.SECONDS)).as("an echo on the same loop while the lock is held").isTrue();
        }
    }

    /** Writes 64 MiB in one streamed message, waiting for room whenever the buffer is half full. */
    private static void streamTo(WebSocket socket, CountDownLatch started) {
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = socket.sendBinaryStream()) {
            started.countDown();
            for (int written = 0; written < STREAMED; written += CHUNK) {
                out.write(chunk);
            }
        } catch (IOException | RuntimeException e) {
            // The connection closed under the writer when the test ended.
        }
    }
}
