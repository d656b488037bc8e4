package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thousand peers that open a TCP connection and send nothing are dropped at the handshake
 * timeout, and a well-behaved client is served while they wait (the book's Slowloris defence).
 */
class SilentPeersTest {

    private static final int PEERS = 1000;

    @Test
    void silentPeersAreDroppedAtTheHandshakeTimeout() throws Exception {
        Duration handshakeTimeout = Duration.ofMillis(1500);
        try (WebSocketServer server = Servers.echo().handshakeTimeout(handshakeTimeout)
                .maxConnectionsPerAddress(PEERS + 10).connectionsPerSecondPerAddress(0).start()) {
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < PEERS; i++) {
                    silent.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port())));
                }
                try (RawClient polite = new RawClient(server.port())) {
                    assertThat(polite.handshake("/echo")).startsWith("HTTP/1.1 101 ");
                }
                long deadline = System.nanoTime() + handshakeTimeout.toNanos() * 4;
                for (SocketChannel channel : silent) {
                    assertThat(readsEndOfStream(channel, deadline)).as("a silent peer was dropped").isTrue();
                }
            } finally {
                for (SocketChannel channel : silent) {
                    channel.close();
                }
            }
        }
    }

    /** Blocks until the server closes {@code channel}; false if it is still open at the deadline. */
    private static boolean readsEndOfStream(SocketChannel channel, long deadlineNanos) throws IOException {
        channel.socket().setSoTimeout((int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        try {
            return channel.socket().getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

}
