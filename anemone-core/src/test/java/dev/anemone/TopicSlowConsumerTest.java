package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.ReadyState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A subscriber that never reads, among subscribers that do: its connection's backpressure policy
 * applies to it alone (closed with 1008, or messages dropped, counted and reported to its
 * {@code onError}), and the others get every message.
 */
class TopicSlowConsumerTest {

    /**
     * 16 MiB in all: more than the kernel's socket buffers and the 256 KiB send-buffer limit can
     * hold for a client that never reads.
     */
    private static final int ROUNDS = 160;
    private static final int PER_ROUND = 10;
    private static final int SIZE = 10 * 1024;
    private static final long LIMIT = 256 * 1024;

    @ParameterizedTest
    @EnumSource(value = BackpressurePolicy.class, names = {"CLOSE", "CLOSE_TRY_AGAIN_LATER"})
    void underAClosingPolicyASubscriberThatNeverReadsIsClosedWithItsCode(BackpressurePolicy policy) throws Exception {
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands)
                .maxBufferedBytes(LIMIT, policy).start();
             RawClient stalled = new RawClient(server.port())) {
            subscribe(stalled);
            JdkSubscriber reader = subscribedReader(server);

            publishPacedBy(server, reader);

            int framesBeforeClose = 0;
            RawClient.Frame frame = stalled.readFrame();
            while (frame.opcode() != Opcode.CLOSE) {
                framesBeforeClose++;
                frame = stalled.readFrame();
            }
            assertThat(frame.closeCode()).isEqualTo(policy == BackpressurePolicy.CLOSE
                    ? CloseStatus.POLICY_VIOLATION : CloseStatus.TRY_AGAIN_LATER);
            assertThat(framesBeforeClose).isLessThan(ROUNDS * PER_ROUND);
            assertThat(reader.closed).isNotDone();
            assertThat(server.runtime().topics().droppedCount()).isPositive();
        }
    }

    @Test
    void underTheDropPolicyASubscriberThatNeverReadsLosesMessagesCountedAndReported() throws Exception {
        TopicCommands commands = new TopicCommands();
        // One loop: once it has answered the reader after the last round, it has dealt with every
        // message for the stalled subscriber too, and the count of drops is final.
        try (WebSocketServer server = Servers.echo().eventLoops(1).endpoint("/topics", commands)
                .maxBufferedBytes(LIMIT, BackpressurePolicy.DROP).start();
             RawClient stalled = new RawClient(server.port())) {
            subscribe(stalled);
            WebSocket stalledOnServer = commands.opened.poll(5, TimeUnit.SECONDS);
            JdkSubscriber reader = subscribedReader(server);

            publishPacedBy(server, reader);
            reader.socket.sendText("sub fence", true);
            assertThat(reader.received.poll(5, TimeUnit.SECONDS)).isEqualTo("text ok sub fence");

            long dropped = server.runtime().topics().droppedCount();
            assertThat(dropped).isPositive();
            assertThat(commands.errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(MessageDroppedException.class);
            assertThat(stalledOnServer.readyState()).isEqualTo(ReadyState.OPEN);
            // What was not dropped arrives whole and in order, and then whatever comes next.
            int previous = -1;
            for (long i = 0; i < ROUNDS * PER_ROUND - dropped; i++) {
                RawClient.Frame frame = stalled.readFrame();
                assertThat(frame.opcode()).isEqualTo(Opcode.BINARY);
                assertThat(frame.payload()).hasSize(SIZE);
                int sequence = ByteBuffer.wrap(frame.payload()).getInt();
                assertThat(sequence).isGreaterThan(previous);
                previous = sequence;
            }
            server.publish("news", "end");
            assertThat(stalled.readFrame().text()).isEqualTo("end");
        }
    }

    private static void subscribe(RawClient client) throws Exception {
        client.handshake("/topics");
        client.sendFrame(true, Opcode.TEXT, "sub news".getBytes(StandardCharsets.UTF_8));
        assertThat(client.readFrame().text()).isEqualTo("ok sub news");
    }

    private static JdkSubscriber subscribedReader(WebSocketServer server) throws Exception {
        JdkSubscriber reader = JdkSubscriber.connect(server, "/topics", ROUNDS * PER_ROUND + 1);
        reader.socket.sendText("sub news", true);
        assertThat(reader.received.poll(5, TimeUnit.SECONDS)).isEqualTo("text ok sub news");
        return reader;
    }

    /** Publishes numbered messages; the reader is waited for between rounds, so only a stalled subscriber falls behind. */
    private static void publishPacedBy(WebSocketServer server, JdkSubscriber reader) throws InterruptedException {
        reader.arrived.drainPermits();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < PER_ROUND; i++) {
                ByteBuffer message = ByteBuffer.allocate(SIZE).putInt(round * PER_ROUND + i).position(0);
                server.publish("news", message);
            }
            assertThat(reader.arrived.tryAcquire(PER_ROUND, 10, TimeUnit.SECONDS)).as("round %d reached the reader", round).isTrue();
        }
        // Waits rather than polls: the permit of the subscription's "ok" may be released after the
        // drain above, letting the last round's acquire return one message early.
        for (int i = 0; i < ROUNDS * PER_ROUND; i++) {
            assertThat(reader.received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary " + SIZE + " bytes");
        }
    }
}
