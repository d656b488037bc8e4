package dev.anemone.interop;

import static dev.anemone.interop.Scenarios.OUR_CLOSE_CODE;
import static dev.anemone.interop.Scenarios.OUR_CLOSE_REASON;
import static dev.anemone.interop.Scenarios.OUR_PING;
import static dev.anemone.interop.Scenarios.PEER_CLOSE_CODE;
import static dev.anemone.interop.Scenarios.PEER_CLOSE_REASON;
import static dev.anemone.interop.Scenarios.PEER_PING;
import static dev.anemone.interop.Scenarios.PROTOCOL;
import static dev.anemone.interop.Scenarios.UNKNOWN_PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.protocol.HandshakeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What our client must be able to do with every foreign echo server (node/echo-server.js,
 * python/echo_server.py). One server runs for the whole class; each test opens its own
 * connection, on a path of its own, so the server's reports can be told apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OurClientAgainstPeerServerContract {

    private final PeerRuntime runtime;
    private final boolean tls;
    private final List<WebSocket> sockets = new ArrayList<>();
    private ExternalPeer server;
    private int port;
    private int connections;

    OurClientAgainstPeerServerContract(PeerRuntime runtime) {
        this(runtime, false);
    }

    /** As above, with the peer's server speaking TLS ({@link InteropTls}) and our client on wss:// when {@code tls} is set. */
    OurClientAgainstPeerServerContract(PeerRuntime runtime, boolean tls) {
        this.runtime = runtime;
        this.tls = tls;
    }

    @BeforeAll
    void startServer() {
        runtime.requireInstalled();
        server = runtime.server(List.of(PROTOCOL), tls ? InteropTls.peerServerOptions() : new String[0]);
        port = Integer.parseInt(server.awaitLine().strip());
    }

    @AfterEach
    void dropConnections() {
        sockets.forEach(WebSocket::terminate);
        sockets.clear();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bothSidesAgreeOnTheSubprotocolTheServerSupports() {
        Connection connection = open();

        assertThat(connection.socket().protocol()).isEqualTo(PROTOCOL);
        assertThat(connection.opened().text("protocol")).isEqualTo(PROTOCOL);
        assertThat(connection.serverOpened().text("protocol")).isEqualTo(PROTOCOL);
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("dev.anemone.interop.Scenarios#echoes")
    void messagesArriveWholeAndComeBackWithTheirType(String type, int size) {
        Connection connection = open();
        byte[] payload = Payloads.of(type, size);

        assertThat(type.equals("text")
                ? connection.socket().send(new String(payload, StandardCharsets.UTF_8))
                : connection.socket().send(payload)).isTrue();

        Expect.message(connection.serverEvent("message"), type, size);
        Expect.message(connection.events().await("message"), type, size);
    }

    @ParameterizedTest(name = "{0}, {1} bytes in {2} frames")
    @MethodSource("dev.anemone.interop.Scenarios#fragmented")
    void weReassembleTheServersFragmentedMessages(String type, int size, int frames) {
        Connection connection = open();

        connection.socket().send(Commands.fragments(type, size, frames));

        Expect.message(connection.events().await("message"), type, size);
    }

    @Test
    void theServersPingGetsOurPongWithItsPayload() {
        Connection connection = open();

        connection.socket().send(Commands.ping(PEER_PING));

        Expect.payload(connection.events().await("ping"), PEER_PING);
        Expect.payload(connection.serverEvent("pong"), PEER_PING);
    }

    @Test
    void ourPingGetsTheServersPongWithItsPayload() {
        Connection connection = open();

        assertThat(connection.socket().ping(OUR_PING)).isTrue();

        Expect.payload(connection.events().await("pong"), OUR_PING);
    }

    @Test
    void theServerClosesWithCodeAndReasonCleanlyOnBothSides() {
        Connection connection = open();

        connection.socket().send(Commands.close(PEER_CLOSE_CODE, PEER_CLOSE_REASON));

        Expect.cleanClose(connection.events().await("close"), PEER_CLOSE_CODE, PEER_CLOSE_REASON);
        Expect.cleanClose(connection.serverEvent("close"), PEER_CLOSE_CODE, PEER_CLOSE_REASON);
    }

    @Test
    void weCloseWithCodeAndReasonCleanlyOnBothSides() {
        Connection connection = open();

        connection.socket().close(OUR_CLOSE_CODE, OUR_CLOSE_REASON);

        Expect.cleanClose(connection.events().await("close"), OUR_CLOSE_CODE, OUR_CLOSE_REASON);
        Expect.cleanClose(connection.serverEvent("close"), OUR_CLOSE_CODE, OUR_CLOSE_REASON);
    }

    @Test
    void aRefusalBy403FailsOurConnectWithThatStatus() {
        EventLog events = new EventLog("our client");

        Throwable failure = catchThrowable(() -> WebSocketClient.shared()
                .connect(uri("/forbidden"), options().toBuilder().protocols(PROTOCOL).build(), new Recorder(events, false))
                .get(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        Throwable cause = failure instanceof ExecutionException || failure instanceof CompletionException
                ? failure.getCause() : failure;
        assertThat(cause).as("why connect failed").isInstanceOf(HandshakeException.class);
        assertThat(((HandshakeException) cause).status()).isEqualTo(403);
        assertThat(server.events().await("refused", onPath("/forbidden")).number("status")).isEqualTo(403);
        assertThat(events.seen("open")).isEmpty();
    }

    private Connection open() {
        String path = "/echo/" + (++connections);
        EventLog events = new EventLog("our client on " + path);
        WebSocket socket;
        try {
            socket = WebSocketClient.shared()
                    .connect(uri(path), options().toBuilder().protocols(UNKNOWN_PROTOCOL, PROTOCOL).build(),
                            new Recorder(events, false))
                    .get(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + server + " at " + path + ": " + server.events(), e);
        }
        sockets.add(socket);
        return new Connection(path, socket, events, events.await("open"), server.events().await("open", onPath(path)));
    }

    private URI uri(String path) {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port + path);
    }

    private ClientOptions options() {
        return tls ? InteropTls.client() : ClientOptions.defaults();
    }

    private static Predicate<Event> onPath(String path) {
        return event -> path.equals(event.text("path"));
    }

    /** One connection of ours: its socket, our listener's events, and the server's about it. */
    private final class Connection {
        private final String path;
        private final WebSocket socket;
        private final EventLog events;
        private final Event opened;
        private final Event serverOpened;

        Connection(String path, WebSocket socket, EventLog events, Event opened, Event serverOpened) {
            this.path = path;
            this.socket = socket;
            this.events = events;
            this.opened = opened;
            this.serverOpened = serverOpened;
        }

        WebSocket socket() {
            return socket;
        }

        EventLog events() {
            return events;
        }

        Event opened() {
            return opened;
        }

        Event serverOpened() {
            return serverOpened;
        }

        /** The server's next report called {@code name} about this connection. */
        Event serverEvent(String name) {
            return server.events().await(name, onPath(path));
        }
    }
}
