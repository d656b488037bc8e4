package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's connection holds the handshake's header fields only while {@code onOpen} runs,
 * unless its endpoint asks to keep them: idle connections then hold no copy of their request. The
 * URI, subprotocol and extensions stay either way.
 */
class HandshakeHeadersTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
    }

    @Test
    void theHeadersAnswerInOnOpenAndAreGoneOnceItReturns() throws Exception {
        HeaderProbe probe = new HeaderProbe();
        server = Servers.echo().endpoint("/probe", probe).start();

        connect("/probe?x=1").send("after open");

        assertThat(probe.inOnOpen.get(5, TimeUnit.SECONDS)).isEqualTo("probe-value");
        assertThat(probe.inOnMessage.get(5, TimeUnit.SECONDS)).asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keepingHandshakeHeaders()");
        assertThat(probe.socket.uri().getRawQuery()).as("the URI outlives the headers").isEqualTo("x=1");
    }

    @Test
    void anEndpointThatKeepsThemAnswersForTheConnectionsLife() throws Exception {
        HeaderProbe probe = new HeaderProbe();
        server = Servers.echo().endpoint("/probe", Endpoint.of(probe).keepingHandshakeHeaders()).start();

        connect("/probe").send("after open");

        assertThat(probe.inOnMessage.get(5, TimeUnit.SECONDS)).isEqualTo("probe-value");
    }

    @Test
    void withCallbacksOnAnExecutorTheyAreDroppedAfterOnOpenThere() throws Exception {
        HeaderProbe probe = new HeaderProbe();
        server = Servers.echo().endpoint("/probe", Endpoint.of(probe).withExecutor(executor)).start();

        connect("/probe").send("after open");

        assertThat(probe.inOnOpen.get(5, TimeUnit.SECONDS)).isEqualTo("probe-value");
        assertThat(probe.inOnMessage.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    private WebSocket connect(String path) throws Exception {
        ClientOptions options = ClientOptions.builder().header("X-Probe", "probe-value").build();
        return WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + path), options,
                new Events()).get(5, TimeUnit.SECONDS);
    }

    /** Reads the probe header in onOpen and again on the first message: its value, or what was thrown. */
    private static final class HeaderProbe implements WebSocketListener {
        final CompletableFuture<Object> inOnOpen = new CompletableFuture<>();
        final CompletableFuture<Object> inOnMessage = new CompletableFuture<>();
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket opened) {
            socket = opened;
            inOnOpen.complete(probe(opened));
        }

        @Override
        public void onText(WebSocket from, String text) {
            inOnMessage.complete(probe(from));
        }

        private static Object probe(WebSocket socket) {
            try {
                return socket.handshakeHeaders().get("X-Probe");
            } catch (IllegalStateException e) {
                return e;
            }
        }
    }
}
