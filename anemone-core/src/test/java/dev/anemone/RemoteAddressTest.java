package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The address a connection reports is its peer's, whichever way the server accepted it: on epoll
 * the address comes from the kernel's accept rather than from a JDK channel, so IPv4, IPv6 and
 * IPv4 mapped into a dual-stack socket are each checked against what the client's socket says.
 * Stopping gives the port back at once, though on epoll the listener is closed by its loop.
 */
class RemoteAddressTest {

    /** Answers every connection with its remote address and port, then closes it. */
    private static final WebSocketListener ADDRESS = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket) {
            InetSocketAddress remote = socket.remoteAddress();
            socket.send(remote.getAddress().getClass().getSimpleName() + " " + remote.getAddress().getHostAddress()
                    + " " + remote.getPort());
        }
    };

    @Test
    void anIpv4PeerIsReportedAsItsSocketSaysItIs() throws Exception {
        assertReported("127.0.0.1", "127.0.0.1", Inet4Address.class);
    }

    @Test
    void anIpv6PeerIsReportedAsItsSocketSaysItIs() throws Exception {
        assertReported("::1", "::1", Inet6Address.class);
    }

    @Test
    void anIpv4PeerOfADualStackListenerIsReportedAsIpv4() throws Exception {
        assertReported("::", "127.0.0.1", Inet4Address.class);
    }

    @Test
    void stoppingGivesThePortBackAtOnce() throws Exception {
        WebSocketServer server = Servers.echo().start();
        int port = server.port();
        try (RawClient client = new RawClient(port)) {
            assertThat(client.handshake("/echo")).startsWith("HTTP/1.1 101 ");
        }
        server.stop(Duration.ofSeconds(2)).get();
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(((InetSocketAddress) again.getLocalAddress()).getPort()).isEqualTo(port);
        }
    }

    private static void assertReported(String listenOn, String connectTo, Class<? extends InetAddress> family)
            throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host(listenOn).port(0).endpoint("/who", ADDRESS).start();
             Socket client = new Socket(connectTo, server.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(RawClient.handshakeRequest("/who").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawClient.readHead(client.getInputStream())).startsWith("HTTP/1.1 101 ");
            String reported = RawClient.readFrame(new DataInputStream(client.getInputStream())).text();
            InetSocketAddress local = (InetSocketAddress) client.getLocalSocketAddress();
            assertThat(reported).isEqualTo(family.getSimpleName() + " " + local.getAddress().getHostAddress()
                    + " " + local.getPort());
        }
    }
}
