package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's limits over real sockets: connections in all, connections and handshakes a second
 * per address, the address a trusted proxy forwards, and fragments per message; each answered
 * with its precise status or close code while the server goes on serving.
 */
class ServerLimitsTest {

    private final List<RawPeer> peers = new ArrayList<>();
    private WebSocketServer server;

    @AfterEach
    void stop() throws IOException {
        for (RawPeer peer : peers) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectionsPastTheTotalGet503UntilOneCloses() throws Exception {
        server = Servers.echo().maxConnections(2).start();
        RawPeer first = peer().open("/echo");
        peer().open("/echo");
        assertThat(peer().handshake("/echo")).startsWith("HTTP/1.1 503 ");
        first.close();
        assertThat(eventually(() -> peer().handshake("/echo"))).startsWith("HTTP/1.1 101 ");
    }

    @Test
    void connectionsPastTheRateOfAnAddressGet503ThenGetInAgainASecondLater() throws Exception {
        server = Servers.echo().connectionsPerSecondPerAddress(2).start();
        long start = System.nanoTime();
        String first = peer().handshake("/echo");
        String second = peer().handshake("/echo");
        String third = peer().handshake("/echo");
        long took = System.nanoTime() - start;
        assertThat(took).as("three connections within the half second a new token takes")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(List.of(first, second, third)).map(head -> head.substring(0, 13))
                .containsExactly("HTTP/1.1 101 ", "HTTP/1.1 101 ", "HTTP/1.1 503 ");
        assertThat(eventually(() -> peer().handshake("/echo"))).startsWith("HTTP/1.1 101 ");
    }

    @Test
    void handshakesPastTheRateOfAnAddressGet429WithRetryAfter() throws Exception {
        server = Servers.echo().handshakesPerSecondPerAddress(1).http((request, exchange) ->
                exchange.respond(HttpResponse.text(200, "page"))).start();
        assertThat(peer().handshake("/echo")).startsWith("HTTP/1.1 101 ");
        String refused = peer().handshake("/echo");
        assertThat(refused).startsWith("HTTP/1.1 429 ").contains("Retry-After: 1");
        assertThat(peer().request("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .as("plain HTTP is not a handshake").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsCounted() throws Exception {
        server = Servers.echo().trustedProxies("127.0.0.0/8").handshakesPerSecondPerAddress(1)
                .connectionsPerSecondPerAddress(1).start();
        assertThat(handshake("X-Forwarded-For: 198.51.100.9, 203.0.113.7")).startsWith("HTTP/1.1 101 ");
        assertThat(handshake("X-Forwarded-For: 203.0.113.8")).startsWith("HTTP/1.1 101 ");
        assertThat(handshake("X-Forwarded-For: 203.0.113.7, 127.0.0.1")).as("a trusted hop is skipped")
                .startsWith("HTTP/1.1 429 ");
        assertThat(handshake("Forwarded: for=\"[2001:db8:1:2::1]:4711\";proto=https")).startsWith("HTTP/1.1 101 ");
        assertThat(handshake("Forwarded: for=\"[2001:db8:1:2:ffff::9]\"")).as("the same IPv6 /64")
                .startsWith("HTTP/1.1 429 ");
        assertThat(handshake("Forwarded: for=\"[2001:db8:1:3::1]\"")).as("another /64").startsWith("HTTP/1.1 101 ");
    }

    @Test
    void anHttpHandlerSeesTheClientATrustedProxyForwardsAndThePeerOtherwise() throws Exception {
        HttpHandler client = (request, exchange) -> exchange.respond(HttpResponse.text(200,
                request.clientAddress().getHostAddress() + " via " + request.remoteAddress().getAddress().getHostAddress()));
        String forwarded = "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.7\r\nConnection: close\r\n\r\n";
        server = Servers.echo().trustedProxies("127.0.0.0/8").http(client).start();
        assertThat(peer().request(forwarded)).endsWith("\r\n\r\n203.0.113.7 via 127.0.0.1\n");
        server.close();

        server = Servers.echo().http(client).start();
        assertThat(peer().request(forwarded)).as("no proxy trusted").endsWith("\r\n\r\n127.0.0.1 via 127.0.0.1\n");
    }

    @Test
    void withoutATrustedProxyForwardedHeadersAreIgnored() throws Exception {
        server = Servers.echo().handshakesPerSecondPerAddress(1).start();
        assertThat(handshake("X-Forwarded-For: 203.0.113.7")).startsWith("HTTP/1.1 101 ");
        assertThat(handshake("X-Forwarded-For: 203.0.113.8")).startsWith("HTTP/1.1 429 ");
    }

    @Test
    void aMessageInTooManyFragmentsCloses1009AndTheServerServesOthers() throws Exception {
        server = Servers.echo().maxFragmentsPerMessage(4).start();
        RawPeer fine = peer().open("/echo");
        fine.write(RawPeer.frame(false, Opcode.TEXT, bytes("a"), 1), RawPeer.frame(false, Opcode.CONTINUATION, new byte[0], 2),
                RawPeer.frame(false, Opcode.CONTINUATION, new byte[0], 3), RawPeer.frame(true, Opcode.CONTINUATION, bytes("b"), 4));
        assertThat(new String(fine.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("ab");

        RawPeer endless = peer().open("/echo");
        byte[] empty = RawPeer.frame(false, Opcode.CONTINUATION, new byte[0], 5);
        endless.write(RawPeer.frame(false, Opcode.TEXT, bytes("a"), 6), empty, empty, empty, empty);
        assertThat(endless.readUntilClose().closeCode()).isEqualTo(1009);

        fine.write(RawPeer.text("still here"));
        assertThat(new String(fine.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("still here");
    }

    @Test
    void aPeerOverTheMessageRateIsClosedWith1008AndOthersAreServed() throws Exception {
        server = Servers.echo().maxMessagesPerSecond(20).start();
        RawPeer polite = peer().open("/echo");
        RawPeer flooder = peer().open("/echo");
        byte[][] burst = new byte[100][];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = RawPeer.text("m" + i);
        }
        flooder.write(burst);
        RawClient.Frame close = flooder.readUntilClose();
        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("receiving too many messages a second");

        polite.write(RawPeer.text("hello"));
        assertThat(new String(polite.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void manyPeersEachUnderTheMessageRateAreCountedApartFromAFlooderAmongThem() throws Exception {
        server = Servers.echo().maxMessagesPerSecond(20).start();
        List<RawPeer> polite = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            polite.add(peer().open("/echo"));
        }
        RawPeer flooder = peer().open("/echo");
        byte[][] fifteen = new byte[15][];
        for (int i = 0; i < fifteen.length; i++) {
            fifteen[i] = RawPeer.text("m" + i);
        }
        byte[][] burst = new byte[100][];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = RawPeer.text("f" + i);
        }
        for (int i = 0; i < polite.size(); i++) {
            polite.get(i).write(fifteen);
            if (i == polite.size() / 2) {
                flooder.write(burst);
            }
        }
        assertThat(flooder.readUntilClose().closeCode()).isEqualTo(1008);
        for (RawPeer peer : polite) {
            for (int i = 0; i < fifteen.length; i++) {
                RawClient.Frame echo = peer.readFrame();
                assertThat(echo.opcode()).as("each polite peer's own count stays under 20").isEqualTo(Opcode.TEXT);
                assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void aPeerOverTheByteRateIsClosedWith1008AndOthersAreServed() throws Exception {
        server = Servers.echo().maxBytesPerSecond(64 * 1024).start();
        RawPeer polite = peer().open("/echo");
        RawPeer flooder = peer().open("/echo");
        flooder.write(RawPeer.binary(new byte[40 * 1024]), RawPeer.binary(new byte[40 * 1024]));
        RawClient.Frame close = flooder.readUntilClose();
        assertThat(close.closeCode()).isEqualTo(1008);

        polite.write(RawPeer.text("hello"));
        assertThat(new String(polite.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    private RawPeer peer() throws IOException {
        RawPeer peer = new RawPeer(server.port());
        peers.add(peer);
        return peer;
    }

    private String handshake(String extraHeader) throws IOException {
        RawPeer peer = peer();
        peer.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeader + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return peer.readHead();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Retries {@code attempt} until it gets a 101 or five seconds pass: what a limit's refill takes. */
    private static String eventually(ThrowingSupplier attempt) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String head;
        do {
            head = attempt.get();
            if (head.startsWith("HTTP/1.1 101 ")) {
                return head;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return head;
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        String get() throws Exception;
    }
}
