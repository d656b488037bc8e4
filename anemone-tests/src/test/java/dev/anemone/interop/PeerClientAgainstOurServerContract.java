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

import dev.anemone.WebSocket;
import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every foreign client must be able to do with our server (see {@link OurServer}). A
 * subclass says how to start its client; each test gets a fresh server and client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PeerClientAgainstOurServerContract {

    private final Runnable requireInstalled;
    private final BiFunction<URI, List<String>, Peer> connect;
    private final boolean tls;
    private OurServer server;
    private Peer client;

    /**
     * @param requireInstalled fails, never skips, when the client's runtime is missing
     * @param connect starts the client connecting to a URI, offering subprotocols
     */
    PeerClientAgainstOurServerContract(Runnable requireInstalled, BiFunction<URI, List<String>, Peer> connect) {
        this(requireInstalled, connect, false);
    }

    /** As above, with our server speaking TLS ({@link InteropTls}) when {@code tls} is set: the client connects to wss://. */
    PeerClientAgainstOurServerContract(Runnable requireInstalled, BiFunction<URI, List<String>, Peer> connect, boolean tls) {
        this.requireInstalled = requireInstalled;
        this.connect = connect;
        this.tls = tls;
    }

    @BeforeAll
    void checkInstalled() {
        requireInstalled.run();
    }

    @BeforeEach
    void startServer() {
        server = new OurServer(null, tls ? InteropTls.server() : null);
    }

    @AfterEach
    void stopBoth() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void bothSidesAgreeOnTheSubprotocolWeSupport() {
        Event ours = openClient();

        assertThat(client.events().seen("open").get(0).text("protocol")).isEqualTo(PROTOCOL);
        assertThat(ours.text("protocol")).isEqualTo(PROTOCOL);
        assertThat(ours.object("socket", WebSocket.class).protocol()).isEqualTo(PROTOCOL);
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("dev.anemone.interop.Scenarios#echoes")
    void messagesArriveWholeAndComeBackWithTheirType(String type, int size) {
        openClient();

        client.command(Commands.send(type, size));

        Expect.message(server.events().await("message"), type, size);
        Expect.message(client.events().await("message"), type, size);
    }

    @ParameterizedTest(name = "{0}, {1} bytes in {2} frames")
    @MethodSource("dev.anemone.interop.Scenarios#fragmented")
    void weReassembleTheClientsFragmentedMessages(String type, int size, int frames) {
        openClient();

        client.command(Commands.fragments(type, size, frames));

        Expect.message(server.events().await("message"), type, size);
        Expect.message(client.events().await("message"), type, size);
    }

    @Test
    void theClientsPingGetsOurPongWithItsPayload() {
        openClient();

        client.command(Commands.ping(PEER_PING));

        Expect.payload(server.events().await("ping"), PEER_PING);
        Expect.payload(client.events().await("pong"), PEER_PING);
    }

    @Test
    void ourPingGetsTheClientsPongWithItsPayload() {
        WebSocket socket = openClient().object("socket", WebSocket.class);

        assertThat(socket.ping(OUR_PING)).isTrue();

        Expect.payload(server.events().await("pong"), OUR_PING);
    }

    @Test
    void theClientClosesWithCodeAndReasonCleanlyOnBothSides() {
        openClient();

        client.command(Commands.close(PEER_CLOSE_CODE, PEER_CLOSE_REASON));

        Expect.cleanClose(server.events().await("close"), PEER_CLOSE_CODE, PEER_CLOSE_REASON);
        Expect.cleanClose(client.events().await("close"), PEER_CLOSE_CODE, PEER_CLOSE_REASON);
    }

    @Test
    void weCloseWithCodeAndReasonCleanlyOnBothSides() {
        WebSocket socket = openClient().object("socket", WebSocket.class);

        socket.close(OUR_CLOSE_CODE, OUR_CLOSE_REASON);

        Expect.cleanClose(client.events().await("close"), OUR_CLOSE_CODE, OUR_CLOSE_REASON);
        Expect.cleanClose(server.events().await("close"), OUR_CLOSE_CODE, reasonInClientsCloseReply(OUR_CLOSE_REASON));
    }

    @Test
    void aClientOurVerifierRefusesSees403() {
        client = connect.apply(server.uri("/forbidden"), List.of(PROTOCOL));

        assertThat(client.events().await("handshake-failed").number("status")).isEqualTo(403);
        assertThat(client.events().seen("open")).isEmpty();
        assertThat(server.events().seen("open")).isEmpty();
        assertThat(server.server().clients()).isEmpty();
    }

    /**
     * The reason the client puts in the Close frame answering ours, which is what our close event
     * reports: RFC 6455 lets it be any reason; most clients echo ours.
     */
    protected String reasonInClientsCloseReply(String ourReason) {
        return ourReason;
    }

    /** Connects the client to /echo offering an unknown protocol, then ours; returns our side's open event. */
    private Event openClient() {
        client = connect.apply(server.uri("/echo"), List.of(UNKNOWN_PROTOCOL, PROTOCOL));
        client.events().await("open");
        return server.events().await("open");
    }
}
