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
        // The echo runs past the default 100,000 messages a second: the limit is raised, not
        // turned off, so that counting against it is part of what is measured.
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxMessagesPerSecond(Integer.MAX_VALUE)
                .endpoint("/echo", ZERO_COPY_ECHO).start();
             RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            long loop = loopThreadId();
            echo(client, 200_000);
            long before = allocatedBytes(loop);
            int measured = 50_000;
            echo(client, measured);
            long perMessage = (allocatedBytes(loop) - before) / measured;
            assertThat(perMessage).as("bytes allocated per echoed message on the event loop").isZero();
        }
    }

    /** Sends {@code count} 16-byte messages, text and binary in turn, in batches of 50, and checks every echo. */
    private static void echo(RawClient client, int count) throws IOException {
        byte[] payload = "0123456789abcdef".getBytes();
        for (int sent = 0; sent < count; sent += 50) {
            for (int i = 0; i < 50; i++) {
                client.sendFrame(true, i % 2 == 0 ? Opcode.TEXT : Opcode.BINARY, payload);
            }
            for (int i = 0; i < 50; i++) {
                RawClient.Frame frame = client.readFrame();
                if (!Arrays.equals(frame.payload(), payload)) {
                    throw new AssertionError("bad echo " + frame);
                }
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
