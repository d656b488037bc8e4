package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A peer that stops reading cannot make the server buffer without bound. */
class SlowConsumerTest {

    private static final long LIMIT = 1024 * 1024;
    private static final byte[] CHUNK = new byte[64 * 1024];

    @Test
    void sendBufferStaysUnderItsLimitAndThePeerIsClosedWith1008() throws Exception {
        AtomicLong highestBuffered = new AtomicLong();
        CountDownLatch refused = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        WebSocketListener flooder = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                // Send until the policy stops us: each send either fits under the limit or is refused.
                for (int i = 0; i < 10_000 && socket.send(CHUNK); i++) {
                    highestBuffered.accumulateAndGet(socket.bufferedAmount(), Math::max);
                }
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                if (error instanceof MessageDroppedException) {
                    refused.countDown();
                }
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                closed.countDown();
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/flood", flooder)
                .maxBufferedBytes(LIMIT, BackpressurePolicy.CLOSE)
                .closeTimeout(Duration.ofSeconds(3))
                .start();
             RawClient client = new RawClient(server.port())) {
            client.handshake("/flood");
            client.sendFrame(true, Opcode.TEXT, "go".getBytes());
            assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(highestBuffered.get()).isLessThanOrEqualTo(LIMIT);
            // Behind the queued data comes the 1008 close; the peer never answers it, so the
            // close timeout ends the connection.
            assertThat(readUntilClose(client)).isEqualTo(CloseStatus.POLICY_VIOLATION);
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.clients()).isEmpty();
        }
    }

    /** Reads the data the server had queued, then returns the code of the close frame behind it. */
    private static int readUntilClose(RawClient client) throws IOException {
        while (true) {
            RawClient.Frame frame = client.readFrame();
            if (frame.opcode() == Opcode.CLOSE) {
                return frame.closeCode();
            }
        }
    }
}
