package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sockjs-client 1.6.1, the client nobody here wrote, in headless Chromium against our SockJS
 * service and against sockjs-node 0.3.24 as the reference, each transport forced in turn. The
 * scenario (node/sockjs-page.html, run by {@link SockJsSite}): connect, echo a text with every
 * control character and non-BMP code points, see a heartbeat, be closed by the server with 4001
 * and a reason, reconnect and echo, close from the client. One Chromium per server runs the six
 * transports one after the other; each test then checks what one transport saw. What each
 * server made the client see is written side by side to target/sockjs-parity.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SockJsClientInChromiumTest {

    private static final String[] BEHAVIOURS = {"transport", "echo", "heartbeat", "serverClose", "reconnect", "clientClose", "failed"};

    private Map<String, Map<String, String>> ours = Map.of();
    private Map<String, Map<String, String>> reference = Map.of();
    private final SockJsSite.ClosingEcho echo = new SockJsSite.ClosingEcho();
    private SockJsSite site;
    private ExternalPeer nodeServer;
    private String nodeOrigin;

    @BeforeAll
    void start() {
        site = SockJsSite.start(echo, SockJsSite.SCENARIO_HEARTBEAT, builder -> builder);
        nodeServer = ExternalPeer.start("sockjs-node", SockJsSite.NODE, List.of("node", "sockjs-reference-server.js", "500"), Map.of());
        nodeOrigin = "http://127.0.0.1:" + nodeServer.awaitLine();
        ours = SockJsSite.scenario(site.origin(), SockJsSite.TRANSPORTS, null);
        reference = SockJsSite.scenario(nodeOrigin, SockJsSite.TRANSPORTS, null);
    }

    @AfterAll
    void stop() throws Exception {
        if (nodeServer != null) {
            nodeServer.close();
        }
        if (site != null) {
            site.close();
        }
        writeParityTable();
    }

    @ParameterizedTest
    @MethodSource("dev.anemone.interop.SockJsSite#transports")
    void sockjsClientAgainstOurServer(String transport) {
        assertThat(ours.get(transport)).as("what sockjs-client saw").isEqualTo(SockJsSite.expected(transport));
    }

    @Test
    void ourServerHeardEveryPayloadWholeAndEveryClose() throws Exception {
        // Per transport: the payload arrived whole, the first session closed with the code it was
        // given, and the second echoed and ended (how soon depends on how the transport leaves).
        int transports = SockJsSite.TRANSPORTS.size();
        echo.awaitEach(transports, "open", "payload intact", "close 4001", "text again");
    }

    @ParameterizedTest
    @MethodSource("dev.anemone.interop.SockJsSite#transports")
    void sockjsClientAgainstTheSockjsNodeReference(String transport) {
        Map<String, String> seen = reference.get(transport);
        Map<String, String> expected = SockJsSite.expected(transport);
        if (transport.equals("websocket")) {
            // sockjs-node keeps a WebSocket alive with WebSocket pings, which the browser answers
            // unseen, not with h frames; ours sends h frames on every transport, as the protocol's
            // frames are what sockjs-client can see.
            expected.put("heartbeat", "false");
        }
        assertThat(seen).as("what sockjs-client saw from sockjs-node").isEqualTo(expected);
    }

    private void writeParityTable() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("| transport | behaviour | Anemone | sockjs-node 0.3.24 |");
        lines.add("| --- | --- | --- | --- |");
        for (String transport : ours.keySet().isEmpty() ? reference.keySet() : ours.keySet()) {
            for (String behaviour : BEHAVIOURS) {
                String mine = ours.getOrDefault(transport, Map.of()).get(behaviour);
                String theirs = reference.getOrDefault(transport, Map.of()).get(behaviour);
                if (mine != null || theirs != null) {
                    lines.add("| " + transport + " | " + behaviour + " | " + mine + " | " + theirs + " |");
                }
            }
        }
        Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("target");
        Files.createDirectories(target);
        Files.write(target.resolve("sockjs-parity.md"), lines, StandardCharsets.UTF_8);
    }
}
