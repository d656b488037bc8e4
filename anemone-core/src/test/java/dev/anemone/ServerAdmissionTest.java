package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.HandshakeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** verifyClient, handleProtocols and the per-address limit decide who gets in, as in Node ws. */
class ServerAdmissionTest {

    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private WebSocketServer server;

    @AfterEach
    void stop() {
        later.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void asyncVerifierSeesCookiesAndOriginAndCanRefuseWith403() throws Exception {
        server = Servers.echo().verifyClient(info -> {
            CompletableFuture<Verdict> verdict = new CompletableFuture<>();
            boolean known = "s3cret".equals(info.cookies().get("session")) && "http://good.example".equals(info.origin());
            // Answer from another thread, later, as a session store would.
            later.schedule(() -> verdict.complete(known ? Verdict.accept().attach("alice")
                    : Verdict.reject(403, "who are you?", null)), 50, TimeUnit.MILLISECONDS);
            return verdict;
        }).endpoint("/whoami", new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.send("hello " + socket.attachment());
            }
        }).start();

        Events events = new Events();
        WebSocketClient.shared().connect(uri("/whoami"), ClientOptions.builder()
                .header("Origin", "http://good.example").header("Cookie", "theme=dark; session=s3cret").build(), events)
                .get(5, TimeUnit.SECONDS);
        assertThat(events.nextStartingWith("text")).isEqualTo("text hello alice");

        CompletableFuture<WebSocket> refused = WebSocketClient.shared().connect(uri("/whoami"),
                ClientOptions.builder().header("Origin", "http://evil.example").build(), new Events());
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(HandshakeException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(403);
                    assertThat(new String(failure.body(), StandardCharsets.UTF_8)).contains("who are you?");
                });
    }

    @Test
    void allowOriginsRefusesOtherOrigins() throws Exception {
        server = Servers.echo().verifyClient(ClientVerifier.allowOrigins("http://good.example")).start();
        CompletableFuture<WebSocket> refused = WebSocketClient.shared().connect(uri("/echo"),
                ClientOptions.builder().header("Origin", "http://evil.example").build(), new Events());
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(HandshakeException.class, failure -> assertThat(failure.status()).isEqualTo(403));
    }

    @Test
    void handleProtocolsPicksAmongTheOffered() throws Exception {
        server = Servers.echo().handleProtocols(ProtocolSelector.supported("v2.stomp", "v1.stomp")).start();
        Events events = new Events();
        WebSocket socket = WebSocketClient.shared().connect(uri("/echo"),
                ClientOptions.builder().protocols("v10.stomp", "v1.stomp", "v2.stomp").build(), events).get(5, TimeUnit.SECONDS);
        assertThat(socket.protocol()).isEqualTo("v1.stomp");
        assertThat(events.next()).isEqualTo("open v1.stomp");
    }

    @Test
    void noCommonSubprotocolMeansNone() throws Exception {
        server = Servers.echo().handleProtocols(ProtocolSelector.supported("mqtt")).start();
        WebSocket socket = WebSocketClient.shared().connect(uri("/echo"),
                ClientOptions.builder().protocols("chat").build(), new Events()).get(5, TimeUnit.SECONDS);
        assertThat(socket.protocol()).isEmpty();
    }

    @Test
    void connectionsPastThePerAddressLimitGet503() throws Exception {
        server = Servers.echo().maxConnectionsPerAddress(2).start();
        WebSocketClient.shared().connect(uri("/echo"), new Events()).get(5, TimeUnit.SECONDS);
        WebSocketClient.shared().connect(uri("/echo"), new Events()).get(5, TimeUnit.SECONDS);
        CompletableFuture<WebSocket> third = WebSocketClient.shared().connect(uri("/echo"), new Events());
        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(HandshakeException.class, failure -> assertThat(failure.status()).isEqualTo(503));
    }
}
