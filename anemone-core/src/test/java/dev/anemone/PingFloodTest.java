package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that floods the server and never reads cannot make it queue without bound (issue 9,
 * fault 3). Every frame the connection queues counts, the automatic pong of each ping included:
 * the connection's {@code bufferedAmount} never passes its limit by more than one control frame
 * (the Close that a {@link BackpressurePolicy#CLOSE} sends), and the flood ends either with the
 * server closing the connection or with the server no longer reading it; meanwhile a
 * well-behaved client on the same loop is served. The same holds for a peer that sends data and
 * never reads the echoes.
 */
@Timeout(120)
class PingFloodTest {

    private static final long LIMIT = 1024 * 1024;
    /** The largest control frame a server sends: 2 bytes of header and 125 of payload. */
    private static final int CONTROL_FRAME = 127;
    /** 200,000 frames of 125 bytes: about 25 MiB of pongs or echoes if the server queued them all. */
    private static final int FRAMES = 200_000;
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the flood's writer may make no progress before we call the server's reading paused. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long FLOOD_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(45);

    private final Watcher watcher = new Watcher();
    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/flood", watcher)
                .endpoint("/echo", Servers.ECHO)
                .maxBufferedBytes(LIMIT, BackpressurePolicy.CLOSE)
                .closeTimeout(CLOSE_TIMEOUT)
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pongsToAPeerThatNeverReadsStayWithinTheBufferedLimit() throws Exception {
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'p');
        flood(RawPeer.ping(payload), "pings");
    }

    /** Already bounded today: kept so that the fix for pings does not undo it. */
    @Test
    void echoesToAPeerThatNeverReadsStayWithinTheBufferedLimit() throws Exception {
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'e');
        flood(RawPeer.binary(payload), "echoed binary messages");
    }

    private void flood(byte[] frame, String what) throws Exception {
        byte[] flood = new byte[frame.length * FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(frame, 0, flood, i * frame.length, frame.length);
        }
        try (RawPeer flooder = new RawPeer(server.port(), 4096, 5_000).open("/flood");
             RawPeer good = new RawPeer(server.port()).open("/echo")) {
            AtomicLong written = new AtomicLong();
            CountDownLatch writerDone = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = flooder.socket().getOutputStream();
                    for (int at = 0; at < flood.length; at += WRITE_CHUNK) {
                        int n = Math.min(WRITE_CHUNK, flood.length - at);
                        out.write(flood, at, n);
                        written.addAndGet(n);
                    }
                } catch (IOException closedOrReset) {
                    // The server dropped the connection, or the test closed the socket.
                } finally {
                    writerDone.countDown();
                }
            }, "flood-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                String outcome = watchTheFlood(good, written, writerDone, flood.length);
                assertThat(watcher.highestBuffered.get())
                        .as("highest bufferedAmount seen while %d %s arrived from a peer that never reads (%s; "
                                + "%d of %d bytes written)", watcher.received.get(), what, outcome, written.get(),
                                flood.length)
                        .isLessThanOrEqualTo(LIMIT + CONTROL_FRAME);
                assertThat(outcome).as("%s, %d of %d bytes written", outcome, written.get(), flood.length)
                        .isIn(CLOSED, PAUSED);
            } finally {
                flooder.close();
                writer.join(5_000);
            }
        }
    }

    private static final String CLOSED = "the server closed the connection";
    private static final String PAUSED = "the server stopped reading the connection";
    private static final String NEITHER = "the server read the whole flood and kept the connection open";

    /**
     * Keeps the well-behaved client talking until the flood ends one way or another, and says how:
     * the server closed the flooder, or stopped reading it (the writer made no progress for a
     * while), or read all of it and kept the connection.
     */
    private String watchTheFlood(RawPeer good, AtomicLong written, CountDownLatch writerDone, long total)
            throws Exception {
        long start = System.nanoTime();
        long lastWritten = -1;
        long lastProgress = start;
        for (int round = 0; ; round++) {
            assertEchoes(good, "still served " + round);
            if (watcher.closed.getCount() == 0) {
                return CLOSED;
            }
            if (writerDone.await(100, TimeUnit.MILLISECONDS)) {
                break;
            }
            long now = System.nanoTime();
            long bytes = written.get();
            if (bytes != lastWritten) {
                lastWritten = bytes;
                lastProgress = now;
            } else if (now - lastProgress > STALL_NANOS) {
                return PAUSED;
            }
            if (now - start > FLOOD_DEADLINE_NANOS) {
                break;
            }
        }
        // The writer is through (or gave up). A server that closes may do so only once the close
        // timeout passes after its Close frame, which the peer never reads.
        if (watcher.closed.await(CLOSE_TIMEOUT.toMillis() + 3_000, TimeUnit.MILLISECONDS)) {
            return CLOSED;
        }
        assertEchoes(good, "still served at the end");
        return written.get() < total ? PAUSED : NEITHER;
    }

    private static void assertEchoes(RawPeer peer, String text) throws IOException {
        peer.write(RawPeer.text(text));
        RawClient.Frame echoed = peer.readFrame();
        assertThat(echoed.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(echoed.text()).as("the well-behaved client is served during the flood").isEqualTo(text);
    }

    /** Echoes binary, and records the highest bufferedAmount seen after each ping and each echo. */
    static final class Watcher extends EchoListener {
        final AtomicLong highestBuffered = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onPing(WebSocket socket, ByteBuffer payload) {
            received.incrementAndGet();
            highestBuffered.accumulateAndGet(socket.bufferedAmount(), Math::max);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            super.onBinary(socket, data);
            received.incrementAndGet();
            highestBuffered.accumulateAndGet(socket.bufferedAmount(), Math::max);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.countDown();
        }
    }
}
