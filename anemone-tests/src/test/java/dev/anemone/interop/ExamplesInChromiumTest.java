package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.examples.DemoHub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pages of anemone-examples in headless Chromium, driven by playwright-core
 * (node/examples-in-chromium.js), against a {@link DemoHub} running every example: each page
 * opens, exchanges and closes as a user would see it, and reconnects after the server restarts.
 * The cookie-auth page runs over https with the development certificate trusted by its key's hash.
 * Screenshots of each page go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesInChromiumTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path NODE = BASE.resolve("node");
    private static final Path SHOTS = BASE.resolve("target/screenshots");

    private DemoHub hub;
    private int port;
    private int tlsPort;

    @BeforeAll
    void start() throws Exception {
        PeerRuntime.NODE.requireInstalled();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        Files.createDirectories(SHOTS);
        hub = DemoHub.start(DemoHub.all(), "127.0.0.1", 0, InteropTls.server(), 0);
        port = hub.port();
        tlsPort = hub.tlsPort();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** Starts the scenario in its own browser. */
    private ExternalPeer browse(String scenario) {
        return ExternalPeer.start("Chromium " + scenario, NODE, List.of("node", "examples-in-chromium.js", scenario,
                "http://127.0.0.1:" + port, "https://localhost:" + tlsPort, InteropTls.SPKI_SHA256, SHOTS.toString()), Map.of());
    }

    /** The browser's console lines so far, for the handshake refusals Chromium reports there. */
    private static List<String> console(ExternalPeer page) {
        return page.events().seen("console").stream().map(event -> event.text("text")).toList();
    }

    @Test
    void echoShowsTheSocketAndReconnectsAfterTheServerRestarts() {
        try (ExternalPeer page = browse("echo")) {
            Event echoed = page.events().await("echoed");
            assertThat(echoed.text("readyState")).isEqualTo("1 (OPEN)");
            assertThat(echoed.text("protocol")).isEqualTo("anemone.echo");
            assertThat(echoed.text("extensions")).startsWith("permessage-deflate");
            assertThat(echoed.text("bufferedAmount")).matches("\\d+");
            page.events().await("await");
            hub.close();
            hub = DemoHub.start(DemoHub.all(), "127.0.0.1", port, InteropTls.server(), tlsPort);
            page.command("restarted");
            assertThat(page.events().await("closed").text("closed")).startsWith("code 1001, reason \"").endsWith("wasClean true");
            assertThat(page.events().await("reconnected").text("readyState")).isEqualTo("1 (OPEN)");
            page.events().await("done");
        }
    }

    @Test
    void chatContextsSeeEachOthersMessagesAndNicknamesAndALateJoinerTheHistory() {
        try (ExternalPeer page = browse("chat")) {
            Event exchanged = page.events().await("exchanged");
            assertThat(exchanged.flag("pwned")).as("markup in a message ran").isFalse();
            assertThat(exchanged.number("images")).isZero();
            String history = page.events().await("history").text("lines");
            assertThat(history).containsPattern("AnonymousUser\\d+: hello from a")
                    .containsPattern("AnonymousUser\\d+: <img src=x onerror=\"window.pwned=1\">")
                    .containsPattern("Client AnonymousUser\\d+ changed to Alice").contains("Alice: now named");
            page.events().await("done");
        }
    }

    @Test
    void tickerRowsChangeAndTakeTheirColour() {
        try (ExternalPeer page = browse("ticker")) {
            Event moved = page.events().await("moved");
            assertThat(moved.text("later")).isNotEqualTo(moved.text("first"));
            assertThat(moved.text("classes")).containsPattern("price (up|down)");
            // Green rgb(31, 122, 58) for a rise, red rgb(179, 38, 30) for a fall, from common.css.
            assertThat(moved.text("colours")).containsPattern("rgb\\((31, 122, 58|179, 38, 30)\\)");
            page.events().await("done");
        }
    }

    @Test
    void timeServerRefusesAWrongTokenAndTicksEveryFiveSeconds() {
        try (ExternalPeer page = browse("time")) {
            Event refused = page.events().await("refused");
            assertThat(refused.text("status")).contains("(1006)");
            assertThat(refused.text("ticks")).isEqualTo("0");
            assertThat(console(page)).anyMatch(line -> line.contains("failed: HTTP Authentication failed"));   // 401
            Event ticked = page.events().await("ticked");
            assertThat(ticked.number("apartMillis")).isBetween(4000L, 6500L);
            assertThat(ticked.text("clients")).isEqualTo("1");
            assertThat(ticked.text("time")).matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} .+");
            page.events().await("done");
        }
    }

    @Test
    void authRefusesWithoutLoginAcceptsAfterItAndRefusesAnotherOrigin() {
        try (ExternalPeer page = browse("auth")) {
            assertThat(page.events().await("landed").text("url")).endsWith("/auth/login.html");
            assertThat(page.events().await("without login").text("result")).isEqualTo("closed 1006");
            Event in = page.events().await("logged in");
            assertThat(in.text("status")).isEqualTo("Open, authenticated");
            assertThat(in.text("cookieVisible")).as("HttpOnly: scripts never see it").isEmpty();
            assertThat(page.events().await("other origin").text("result")).isEqualTo("closed 1006");
            assertThat(page.events().await("logged out").text("result")).isEqualTo("closed 1006");
            page.events().await("done");
            List<String> console = console(page);
            assertThat(console.stream().filter(line -> line.contains("failed: HTTP Authentication failed"))).hasSize(2);   // 401
            assertThat(console).anyMatch(line -> line.contains("Unexpected response code: 403"));
        }
    }

    @Test
    void chatOverSockJsWithWebSocketBlockedTalksWithAWebSocketClient() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (ExternalPeer page = browse("sockjs-chat")) {
            Event open = page.events().await("open");
            assertThat(open.text("webSocket")).isEqualTo("undefined");
            assertThat(open.text("transport")).isNotEqualTo("websocket").isNotEmpty();
            page.events().await("await");
            WebSocket client = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + port + "/chat/lobby"),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            heard.add(text);
                        }
                    }).join();
            client.send("from websocket");
            page.command("go");
            page.events().await("sent");
            for (String text = heard.poll(20, TimeUnit.SECONDS); ; text = heard.poll(20, TimeUnit.SECONDS)) {
                assertThat(text).as("the SockJS page's message, over the WebSocket").isNotNull();
                if (text.contains("\"message\":\"from sockjs\"")) {
                    break;
                }
            }
            client.close();
            page.events().await("done");
        }
    }
}
