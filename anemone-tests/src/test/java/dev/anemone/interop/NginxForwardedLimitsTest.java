package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocketServer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's per-address limits behind nginx running the docs' recipe. Clients connect to
 * nginx from loopback addresses of their own (127.0.0.2, 127.0.0.3, ...: all of 127/8 is
 * loopback), and nginx connects to the server from 127.0.0.1. With
 * {@code trustedProxies("127.0.0.1")} the server counts each client by the address nginx
 * forwards, and not nginx's own connections; without it every client is nginx. A client's forged
 * {@code Forwarded} or {@code X-Forwarded-For} never changes whom it is counted as.
 *
 * <p>The handshake limit here is one a second with a burst of one: the second handshake from an
 * address comes well within that second, since the handshakes follow each other in one process.
 */
class NginxForwardedLimitsTest {

    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";
    private static final String C = "127.0.0.4";
    private static final String NGINX = "127.0.0.1";

    private WebSocketServer server;
    private Nginx nginx;
    private ExternalPeer clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theHandshakeRateOfATrustedProxysClientsCountsEachForwardedAddress() {
        start(limits -> limits.handshakesPerSecondPerAddress(1).trustedProxies(NGINX));

        assertThat(handshakes(List.of(A, A, B))).as("A, A again within the second, then B")
                .containsExactly(101L, 429L, 101L);
    }

    @Test
    void behindAnUntrustedProxyEveryClientCountsAsTheProxy() {
        start(limits -> limits.handshakesPerSecondPerAddress(1));

        assertThat(handshakes(List.of(A, A, B))).as("A, A again within the second, then B: all are nginx")
                .containsExactly(101L, 429L, 429L);
    }

    @Test
    void aForgedForwardedAddressIsNotTheOneCounted() {
        start(limits -> limits.handshakesPerSecondPerAddress(1).trustedProxies(NGINX));

        // Each attempt claims another client before it: nginx appends the real one, which counts.
        assertThat(handshakes(List.of(A, A), "--header=Forwarded:for=10.0.0.{n}",
                "--header=X-Forwarded-For:10.0.1.{n}")).as("A twice, forging two other addresses")
                .containsExactly(101L, 429L);
    }

    @Test
    void aTrustedProxysConnectionsAreNotHeldToThePerAddressLimits() {
        start(limits -> limits.maxConnectionsPerAddress(2).connectionsPerSecondPerAddress(2).trustedProxies(NGINX));

        assertThat(handshakes(List.of(A, B, C), "--hold")).as("three clients open at once through nginx")
                .containsExactly(101L, 101L, 101L);
        assertThat(server.clients()).hasSize(3);
    }

    @Test
    void anUntrustedProxysConnectionsAreOneAddress() {
        start(limits -> limits.maxConnectionsPerAddress(2).trustedProxies());

        List<Long> statuses = handshakes(List.of(A, B, C), "--hold");

        assertThat(statuses.subList(0, 2)).as("the first two clients").containsExactly(101L, 101L);
        // The server answers nginx's third connection with 503 as it accepts it, and nginx
        // passes the answer on.
        assertThat(statuses.get(2)).as("the third client, over nginx's limit of 2 (nginx's log:\n%s)",
                nginx.errorLog()).isEqualTo(503L);
        assertThat(server.clients()).hasSize(2);
    }

    private void start(UnaryOperator<WebSocketServer.Builder> limits) {
        server = limits.apply(WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1))
                .endpoint("/echo", new EchoListener())
                .start();
        nginx = Nginx.inFrontOf(server.port());
    }

    private List<Long> handshakes(List<String> from, String... options) {
        clients = NodeHandshakes.start(nginx.uri("ws", "/echo"), from, options);
        return NodeHandshakes.statuses(clients, from.size());
    }
}
