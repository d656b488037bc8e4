package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.BackpressurePolicy;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.Masking;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reading paused because too many of a connection's messages wait for its executor stays paused
 * for as long as they do, whatever the order in which the loop and the executor's thread decide
 * to pause and to resume. The executor's thread decides to resume (the backlog fell to half) and
 * hands that to the loop; before the loop gets to it, the same read hands over enough messages to
 * pass the limit again, and the loop decides to pause at once. The resume that arrives after
 * must not undo the later pause. A real session, engine and executor, over a transport that
 * records whether reading is paused, let the test order the two threads exactly.
 */
@Timeout(30)
class BacklogPauseTest {

    private static final int MAX_PENDING = 4;

    private final EventLoop loop = new EventLoop("backlog-test-loop");
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final CountDownLatch releaseFourth = new CountDownLatch(1);
    private final CountDownLatch fourthEntered = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        releaseFirst.countDown();
        releaseFourth.countDown();
        executor.shutdownNow();
        loop.shutdown();
        loop.awaitTermination(2_000);
    }

    @Test
    void resumeDecidedBeforeALaterPauseDoesNotUndoIt() throws Exception {
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                if (text.equals("1")) {
                    await(releaseFirst);
                } else if (text.equals("4")) {
                    fourthEntered.countDown();
                    await(releaseFourth);
                }
            }
        };
        RecordingTransport transport = new RecordingTransport(loop);
        SessionSettings settings = new SessionSettings(EngineConfig.defaults(), 16L * 1024 * 1024, BackpressurePolicy.CLOSE,
                Duration.ZERO, Duration.ZERO, MAX_PENDING);
        HandshakeOutcome outcome = new HandshakeOutcome(URI.create("ws://localhost/"), null, List.of(), new HttpHeaders(),
                null, null);
        WebSocketSession session = new WebSocketSession(transport, Role.SERVER, settings, listener, executor, outcome,
                null, null);
        onLoop(() -> session.start(null));

        onLoop(() -> {
            // One read: message 1 blocks the executor, 2 to 5 wait; 5 waiting is past the limit.
            transport.handler.onData(frames(1, 5));
            assertThat(transport.readPaused).as("paused with 5 messages waiting").isTrue();
            // The executor gets through 1 to 3: 2 left waiting, half the limit, so it decides to
            // resume and hands that to this loop, which is still busy with the read.
            releaseFirst.countDown();
            await(fourthEntered);
            // The rest of the same read: 6 to 8 wait behind 4 and 5, past the limit again.
            transport.handler.onData(frames(6, 8));
        });
        // Whatever the loop was handed meanwhile has run once this has.
        onLoop(() -> { });

        assertThat(transport.readPaused)
                .as("reading is paused while 5 messages wait for an executor that is blocked (the limit is %d)", MAX_PENDING)
                .isTrue();
        releaseFourth.countDown();
    }

    private void onLoop(Runnable task) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Masked text frames "from" to "to", as a client sends them, in one buffer. */
    private static ByteBuffer frames(int from, int to) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int maskKey = 0x1A2B3C4D;
        for (int i = from; i <= to; i++) {
            byte[] payload = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(FrameHeader.size(payload.length, true) + payload.length);
            FrameHeader.write(frame, true, 0, Opcode.TEXT, payload.length, true, maskKey);
            int start = frame.position();
            frame.put(payload);
            Masking.maskInPlace(frame, start, frame.position(), maskKey, 0);
            all.write(frame.array(), 0, frame.position());
        }
        return ByteBuffer.wrap(all.toByteArray());
    }

    /** A transport that sends nothing anywhere and records whether reading is paused. */
    private static final class RecordingTransport implements Transport {
        private final EventLoop loop;
        TransportHandler handler;
        volatile boolean readPaused;
        private boolean closed;

        RecordingTransport(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public void setHandler(TransportHandler newHandler) {
            handler = newHandler;
        }

        @Override
        public void write(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
            header.position(header.limit());
            payload.position(payload.limit());
        }

        @Override
        public void writeAhead(ByteBuffer header, ByteBuffer payload) {
            write(header, payload, true);
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void closeAfterFlush() {
            close(null);
        }

        @Override
        public void closeLingering() {
            close(null);
        }

        @Override
        public void close(IOException cause) {
            if (!closed) {
                closed = true;
                handler.onClosed(cause);
            }
        }

        @Override
        public void pauseReading() {
            readPaused = true;
        }

        @Override
        public void resumeReading() {
            readPaused = false;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
