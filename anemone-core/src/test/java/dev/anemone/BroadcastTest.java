package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketServer#broadcast}, received by the JDK's own WebSocket client: every message to
 * every client in order, bursts coalesced without loss, the order of a broadcast and a write made
 * after it on the loop thread kept, and a subscriber that stops reading cut off alone.
 */
class BroadcastTest {

    @Test
    void aBurstFromAnotherThreadReachesEveryClientCompleteAndInOrder() throws Exception {
        int clients = 20;
        int messages = 2_000;
        Opened opened = new Opened(clients);
        try (WebSocketServer server = Servers.echo().endpoint("/news", opened).start()) {
            List<JdkSubscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                subscribers.add(JdkSubscriber.connect(server, "/news", messages));
            }
            opened.await();

            for (int i = 0; i < messages; i++) {
                if (i % 2 == 0) {
                    server.broadcast("message " + i);
                } else {
                    server.broadcast(ByteBuffer.wrap(("message " + i).getBytes()));
                }
            }

            for (JdkSubscriber subscriber : subscribers) {
                assertThat(subscriber.all.await(20, TimeUnit.SECONDS)).as("all %d messages arrived", messages).isTrue();
                List<String> received = new ArrayList<>(subscriber.received);
                for (int i = 0; i < messages; i++) {
                    assertThat(received.get(i)).isEqualTo((i % 2 == 0 ? "text " : "binary ") + "message " + i);
                }
            }
        }
    }

    @Test
    void aBroadcastMadeOnTheLoopThreadArrivesBeforeWhatTheListenerSendsAfterIt() throws Exception {
        AtomicReference<WebSocketServer> running = new AtomicReference<>();
        Opened opened = new Opened(1);
        WebSocketListener publisher = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.onOpen(socket);
            }

            @Override
            public void onText(WebSocket socket, String text) {
                running.get().broadcast("broadcast " + text);
                if (text.equals("bye")) {
                    socket.close(CloseStatus.NORMAL_CLOSURE, "done");
                } else {
                    socket.send("direct " + text);
                }
            }
        };
        try (WebSocketServer server = Servers.echo().eventLoops(1).endpoint("/pub", publisher).start()) {
            running.set(server);
            JdkSubscriber client = JdkSubscriber.connect(server, "/pub", 5);
            opened.await();

            client.socket.sendText("one", true).get(5, TimeUnit.SECONDS);
            client.socket.sendText("two", true).get(5, TimeUnit.SECONDS);
            client.socket.sendText("bye", true).get(5, TimeUnit.SECONDS);

            assertThat(client.all.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.received).containsExactly("text broadcast one", "text direct one",
                    "text broadcast two", "text direct two", "text broadcast bye");
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1000 done");
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWith1008AndTheOthersGetEverything() throws Exception {
        // 16 MiB in all: more than the kernel's socket buffers (tcp_wmem and tcp_rmem default to a
        // few MiB at most) and the 256 KiB send-buffer limit can hold for a client that never reads.
        int rounds = 160;
        int perRound = 10;
        byte[] tenKiB = new byte[10 * 1024];
        Opened opened = new Opened(2);
        try (WebSocketServer server = Servers.echo()
                .endpoint("/news", opened)
                .maxBufferedBytes(256 * 1024, BackpressurePolicy.CLOSE)
                .start();
             RawClient stalled = new RawClient(server.port())) {
            stalled.handshake("/news");
            JdkSubscriber reader = JdkSubscriber.connect(server, "/news", rounds * perRound);
            opened.await();

            // The reader is waited for between rounds, so only the stalled client falls behind.
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < perRound; i++) {
                    server.broadcast(ByteBuffer.wrap(tenKiB));
                }
                assertThat(reader.arrived.tryAcquire(perRound, 10, TimeUnit.SECONDS)).as("round %d reached the reader", round).isTrue();
            }

            assertThat(reader.received).hasSize(rounds * perRound).allMatch(m -> m.equals("binary " + tenKiB.length + " bytes"));
            assertThat(reader.closed).isNotDone();
            RawClient.Frame last = stalled.readFrame();
            int framesBeforeClose = 0;
            while (last.opcode() != Opcode.CLOSE) {
                framesBeforeClose++;
                last = stalled.readFrame();
            }
            assertThat(last.closeCode()).isEqualTo(CloseStatus.POLICY_VIOLATION);
            assertThat(framesBeforeClose).isLessThan(rounds * perRound);
        }
    }

    /** A server-side listener that counts connections opened, so broadcasts start when all are in. */
    private static final class Opened implements WebSocketListener {
        private final CountDownLatch latch;

        Opened(int expected) {
            latch = new CountDownLatch(expected);
        }

        @Override
        public void onOpen(WebSocket socket) {
            latch.countDown();
        }

        void await() throws InterruptedException {
            assertThat(latch.await(5, TimeUnit.SECONDS)).as("every client opened on the server").isTrue();
        }
    }
}
