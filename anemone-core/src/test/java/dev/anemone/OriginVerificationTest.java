package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.HandshakeException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Origin allow-list over real sockets, combined with a cookie check by {@code and}, and an
 * endpoint's verifier added to the server's rather than replacing it.
 */
class OriginVerificationTest {

    private static final ClientVerifier SESSION_COOKIE = ClientVerifier.sync(info ->
            "alice".equals(info.cookies().get("session")) ? Verdict.accept().attach("alice") : Verdict.reject(401));

    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void exactAndWildcardOriginsGetInAndEveryOtherOriginOrNoneGets403() throws Exception {
        server = Servers.echo().verifyClient(ClientVerifier.allowOrigins("https://app.example", "https://*.example.com"))
                .start();
        assertThat(status("/echo", "https://app.example", null)).isEqualTo(101);
        assertThat(status("/echo", "https://eu.example.com", null)).isEqualTo(101);
        assertThat(status("/echo", "https://example.com", null)).isEqualTo(403);
        assertThat(status("/echo", "http://app.example", null)).isEqualTo(403);
        assertThat(status("/echo", "https://evil.example", null)).isEqualTo(403);
        assertThat(status("/echo", "null", null)).isEqualTo(403);
        assertThat(status("/echo", null, null)).isEqualTo(403);
    }

    @Test
    void theNullOriginGetsInWhenListed() throws Exception {
        server = Servers.echo().verifyClient(ClientVerifier.allowOrigins("null")).start();
        assertThat(status("/echo", "null", null)).isEqualTo(101);
        assertThat(status("/echo", "https://app.example", null)).isEqualTo(403);
    }

    @Test
    void andAsksTheCookieCheckOnlyForAnAllowedOriginAndKeepsItsAttachment() throws Exception {
        CompletableFuture<Object> attached = new CompletableFuture<>();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        attached.complete(socket.attachment());
                    }
                })
                .verifyClient(ClientVerifier.allowOrigins("https://app.example").and(SESSION_COOKIE))
                .start();
        assertThat(status("/echo", "https://evil.example", "session=alice")).isEqualTo(403);
        assertThat(status("/echo", "https://app.example", "session=mallory")).isEqualTo(401);
        assertThat(status("/echo", "https://app.example", "session=alice")).isEqualTo(101);
        assertThat(attached.get(5, TimeUnit.SECONDS)).isEqualTo("alice");
    }

    @Test
    void anEndpointsVerifierAddsToTheServersInsteadOfReplacingIt() throws Exception {
        server = Servers.echo()
                .endpoint("/account", Endpoint.of(Servers.ECHO).withVerifier(SESSION_COOKIE))
                .verifyClient(ClientVerifier.allowOrigins("https://app.example"))
                .start();
        assertThat(status("/account", "https://evil.example", "session=alice")).isEqualTo(403);
        assertThat(status("/account", "https://app.example", null)).isEqualTo(401);
        assertThat(status("/account", "https://app.example", "session=alice")).isEqualTo(101);
        assertThat(status("/echo", "https://app.example", null)).isEqualTo(101);
    }

    @Test
    void headersOfBothVerdictsReachTheClient() throws Exception {
        server = Servers.echo().verifyClient(ClientVerifier.sync(info -> Verdict.accept().withHeader("X-First", "1"))
                .and(ClientVerifier.sync(info -> Verdict.accept().withHeader("X-Second", "2")))).start();
        WebSocket socket = WebSocketClient.shared().connect(uri("/echo"), ClientOptions.defaults(), new Events())
                .get(5, TimeUnit.SECONDS);
        assertThat(socket.handshakeHeaders().get("X-First")).isEqualTo("1");
        assertThat(socket.handshakeHeaders().get("X-Second")).isEqualTo("2");
        socket.close(1000, "done");
    }

    /** The status the handshake got: 101 when it opened. */
    private int status(String path, String origin, String cookie) throws Exception {
        ClientOptions.Builder options = ClientOptions.builder();
        if (origin != null) {
            options.header("Origin", origin);
        }
        if (cookie != null) {
            options.header("Cookie", cookie);
        }
        try {
            WebSocket socket = WebSocketClient.shared().connect(uri(path), options.build(), new Events()).get(5, TimeUnit.SECONDS);
            socket.close(1000, "done");
            return 101;
        } catch (ExecutionException refused) {
            if (refused.getCause() instanceof HandshakeException failure) {
                return failure.status();
            }
            throw refused;
        }
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }
}
