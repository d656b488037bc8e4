package dev.anemone.interop;

import static dev.anemone.interop.Scenarios.PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.protocol.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket through nginx running the docs' recipe, both sides compressing (permessage-deflate
 * passes through nginx untouched): Node's ws and our client, over ws:// and over wss:// with
 * TLS ending at nginx and ws:// from nginx to our server. Messages come back whole, the
 * agreement is the same at both ends, the server sees who the client is and how it came, and a
 * close with code and reason crosses nginx either way. Where our half-close after a Close frame
 * meets nginx, which ends a tunnel at the first FIN, the side that started the close gets no
 * answer and reports 1006; these tests pin that (see docs/nginx.md) so that a change is noticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxWebSocketTest {

    private static final Compression SETTINGS = Compression.TAKEOVER;
    private static final int[] SIZES = {10, 64 * 1024, 4 * 1024 * 1024};

    private OurServer server;
    private Nginx nginx;

    @BeforeAll
    void start() {
        PeerRuntime.NODE.requireInstalled();
        server = new OurServer(SETTINGS.ours());
        nginx = Nginx.inFrontOf(server.server().port());
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        server.close();
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"ws", "wss"})
    void nodeWsEchoesCompressedThroughNginx(String scheme) {
        ExternalPeer client = nodeClient(scheme, SETTINGS.peerOption());
        try {
            Event opened = client.events().await("open");
            WebSocket ours = server.events().await("open").object("socket", WebSocket.class);

            assertThat(opened.text("protocol")).isEqualTo(PROTOCOL);
            assertAgreedAndForwarded(Compression.parametersOf(opened.text("extensions")), ours, scheme);
            for (int size : SIZES) {
                for (String type : List.of("text", "binary")) {
                    client.command(Commands.send(type, size));
                    Expect.message(server.events().await("message"), type, size);
                    Expect.message(client.events().await("message"), type, size);
                }
            }

            client.command(Commands.close(Scenarios.PEER_CLOSE_CODE, Scenarios.PEER_CLOSE_REASON));
            Expect.cleanClose(server.events().await("close"), Scenarios.PEER_CLOSE_CODE, Scenarios.PEER_CLOSE_REASON);
            Expect.cleanClose(client.events().await("close"), Scenarios.PEER_CLOSE_CODE, Scenarios.PEER_CLOSE_REASON);
        } catch (AssertionError e) {
            throw withErrorLog(e);
        } finally {
            client.close();
        }
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"ws", "wss"})
    void ourClientEchoesCompressedThroughNginx(String scheme) throws Exception {
        EventLog events = new EventLog("our client");
        ClientOptions.Builder options = (scheme.equals("wss") ? InteropTls.client().toBuilder() : ClientOptions.builder())
                .protocols(PROTOCOL).perMessageDeflate(SETTINGS.ours());
        WebSocket client = WebSocketClient.shared()
                .connect(nginx.uri(scheme, "/echo"), options.build(), new Recorder(events, false))
                .get(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            events.await("open");
            WebSocket ours = server.events().await("open").object("socket", WebSocket.class);

            assertThat(client.protocol()).isEqualTo(PROTOCOL);
            assertThat(client.extensions()).hasSize(1);
            assertAgreedAndForwarded(Compression.parametersOf(client.extensions().get(0)), ours, scheme);
            for (int size : SIZES) {
                for (String type : List.of("text", "binary")) {
                    byte[] payload = Payloads.of(type, size);
                    assertThat(type.equals("text") ? client.send(new String(payload, StandardCharsets.UTF_8))
                            : client.send(payload)).as("send accepted").isTrue();
                    Expect.message(server.events().await("message"), type, size);
                    Expect.message(events.await("message"), type, size);
                }
            }

            client.close(Scenarios.OUR_CLOSE_CODE, Scenarios.OUR_CLOSE_REASON);
            Expect.cleanClose(server.events().await("close"), Scenarios.OUR_CLOSE_CODE, Scenarios.OUR_CLOSE_REASON);
            Event closed = events.await("close");
            if (scheme.equals("wss")) {
                Expect.cleanClose(closed, Scenarios.OUR_CLOSE_CODE, Scenarios.OUR_CLOSE_REASON);
            } else {
                // Known, and in docs/nginx.md: nginx ends a tunnel at the first FIN from either
                // side once it has passed on what came before it, and our plain transport
                // half-closes after its Close frame (HalfCloseTest), so the server's reply usually
                // never reaches the client that started the close: 1006. It does when nginx
                // passes the Close on and reads the reply before it reads the FIN (about one run
                // in three on a loaded machine), and then the close is clean. Under TLS no FIN
                // follows the Close.
                if (closed.number("code") == Scenarios.OUR_CLOSE_CODE) {
                    Expect.cleanClose(closed, Scenarios.OUR_CLOSE_CODE, Scenarios.OUR_CLOSE_REASON);
                } else {
                    assertThat(closed.number("code")).as("our client's close code, in %s", closed).isEqualTo(1006);
                    assertThat(closed.flag("wasClean")).as("wasClean in %s", closed).isFalse();
                }
            }
        } catch (AssertionError e) {
            throw withErrorLog(e);
        } finally {
            client.terminate();
        }
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"ws", "wss"})
    void aCloseTheServerStartsReachesTheClientThroughNginx(String scheme) {
        ExternalPeer client = nodeClient(scheme);
        try {
            client.events().await("open");
            WebSocket ours = server.events().await("open").object("socket", WebSocket.class);

            ours.close(Scenarios.OUR_CLOSE_CODE, Scenarios.OUR_CLOSE_REASON);

            Event received = client.events().await("close");
            assertThat(received.number("code")).as("the client's close: %s", received).isEqualTo(Scenarios.OUR_CLOSE_CODE);
            assertThat(received.text("reason")).as("the client's close: %s", received).isEqualTo(Scenarios.OUR_CLOSE_REASON);
            // Known, and in docs/nginx.md: our server half-closes after its Close frame (nginx to
            // the server is plain TCP in both variants), nginx ends the tunnel at that FIN once the
            // Close is passed on, and the client's answer never reaches the server. When this
            // fails, the half-close has changed: update docs/nginx.md.
            Event closed = server.events().await("close");
            assertThat(closed.number("code")).as("the server's own close: %s", closed).isEqualTo(1006);
        } catch (AssertionError e) {
            throw withErrorLog(e);
        } finally {
            client.close();
        }
    }

    /** Node's ws client of /echo through nginx, trusting nginx's certificate on wss://. */
    private ExternalPeer nodeClient(String scheme, String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        if (scheme.equals("wss")) {
            all.add(InteropTls.peerClientOption());
        }
        return PeerRuntime.NODE.client(nginx.uri(scheme, "/echo"), List.of(PROTOCOL), all.toArray(String[]::new));
    }

    /**
     * The client and the server agreed on the same compression, and the server's handshake
     * carries the headers the recipe sets: the client's address, and its scheme.
     */
    private static void assertAgreedAndForwarded(Object clientParameters, WebSocket ours, String scheme) {
        assertThat(clientParameters).as("the client's Sec-WebSocket-Extensions").isEqualTo(SETTINGS.parameters());
        assertThat(ours.extensions()).as("the server's extensions()").hasSize(1);
        assertThat(Compression.parametersOf(ours.extensions().get(0))).as("the server's extensions()")
                .isEqualTo(SETTINGS.parameters());
        String proto = scheme.equals("wss") ? "https" : "http";
        HttpHeaders headers = ours.handshakeHeaders();
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo(proto);
        assertThat(headers.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=" + proto);
    }

    private AssertionError withErrorLog(AssertionError e) {
        e.addSuppressed(new AssertionError("nginx's error log:\n" + nginx.errorLog()));
        return e;
    }
}
