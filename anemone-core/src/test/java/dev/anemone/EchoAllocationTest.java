package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The echo fast path allocates nothing per message on the server's event loop: the bytes a loop
 * thread allocates are counted by the JVM (ThreadMXBean), not timed, so this is no speed test.
 */
class EchoAllocationTest {

    private static final WebSocketListener ZERO_COPY_ECHO = new EchoListener();

    @Test
    void smallTextAndBinaryEchoAllocatesNothingPerMessage() throws Exception {
        try (WebSocketServer server = echoServer(); RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            long loop = loopThreadId();
            RawClient[] one = {client};
            echo(one, 200_000 / BATCH);
            long before = allocatedBytes(loop);
            int measured = 50_000;
            echo(one, measured / BATCH);
            long perMessage = (allocatedBytes(loop) - before) / measured;
            assertThat(perMessage).as("bytes allocated per echoed message on the event loop").isZero();
        }
    }

    @Test
    void echoOnSeveralConnectionsReadyAtOnceAllocatesNothingPerRound() throws Exception {
        // Every client writes its messages before any reads its echoes, so one wait of the loop
        // finds several sockets ready: on the epoll backend that is the path that reads them in
        // one batch and sends their echoes in another, which one connection never takes.
        try (WebSocketServer server = echoServer()) {
            RawClient[] clients = new RawClient[8];
            try {
                for (int i = 0; i < clients.length; i++) {
                    clients[i] = new RawClient(server.port());
                    clients[i].handshake("/echo");
                }
                long loop = loopThreadId();
                echo(clients, 1_000);
                long before = allocatedBytes(loop);
                int rounds = 500;
                echo(clients, rounds);
                // Per round, not per message: a read carries a round's 50 messages of a connection,
                // so an object a read or a batch made would vanish in a per-message quotient.
                long perRound = (allocatedBytes(loop) - before) / rounds;
                assertThat(perRound).as("bytes allocated on the event loop per round of %d echoes on %d connections",
                        clients.length * BATCH, clients.length).isLessThan(16);
            } finally {
                for (RawClient client : clients) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
        }
    }

    /** One loop, so that every connection is read and written by the thread whose allocations are counted. */
    private static WebSocketServer echoServer() {
        // The echo runs past the default 100,000 messages a second: the limit is raised, not
        // turned off, so that counting against it is part of what is measured.
        return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxMessagesPerSecond(Integer.MAX_VALUE)
                .endpoint("/echo", ZERO_COPY_ECHO).start();
    }

    private static final int BATCH = 50;
    private static final byte[] PAYLOAD = "0123456789abcdef".getBytes();

    /**
     * {@code rounds} times: every client sends {@value #BATCH} 16-byte messages, text and binary
     * in turn, then every client reads and checks their echoes.
     */
    private static void echo(RawClient[] clients, int rounds) throws IOException {
        for (int round = 0; round < rounds; round++) {
            for (RawClient client : clients) {
                send(client);
            }
            for (RawClient client : clients) {
                receive(client);
            }
        }
    }

    private static void send(RawClient client) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            client.sendFrame(true, i % 2 == 0 ? Opcode.TEXT : Opcode.BINARY, PAYLOAD);
        }
    }

    private static void receive(RawClient client) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            RawClient.Frame frame = client.readFrame();
            if (!Arrays.equals(frame.payload(), PAYLOAD)) {
                throw new AssertionError("bad echo " + frame);
            }
        }
    }

    private static long loopThreadId() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("anemone-server-"))
                .findFirst().orElseThrow().getId();
    }

    private static long allocatedBytes(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }
}
