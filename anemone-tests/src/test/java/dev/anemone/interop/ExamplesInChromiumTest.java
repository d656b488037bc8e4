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
 * (node/examples-in-chromium.js, one browser for every test), against a {@link DemoHub} running
 * every example: each page
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
    private ExternalPeer browser;
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
        browser = ExternalPeer.start("Chromium", NODE, List.of("node", "examples-in-chromium.js", "http://127.0.0.1:" + port,
                "https://localhost:" + tlsPort, InteropTls.SPKI_SHA256, SHOTS.toString()), Map.of());
        browser.events().await("ready");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    /** What the browser reports while it runs one scenario: its events, and a way to answer it. */
    private final class Scenario implements AutoCloseable {
        private final String name;
        private final int consoleBefore;
        private boolean finished;

        Scenario(String name) {
            this.name = name;
            this.consoleBefore = browser.events().seen("console").size();
            browser.command(name);
        }

        /** The scenario's next report called {@code event}; fails at once if the scenario failed. */
        Event await(String event) {
            List<Event> errors = browser.events().seen("error").stream().filter(this::mine).toList();
            if (!errors.isEmpty()) {
                throw new AssertionError("the " + name + " scenario failed: " + errors + "\n" + browser.events());
            }
            Event seen = browser.events().await(event, this::mine);
            finished |= event.equals("done");
            return seen;
        }

        void answer(String line) {
            browser.command(line);
        }

        /** The browser's console lines since the scenario began, where Chromium reports handshake refusals. */
        List<String> console() {
            List<Event> all = browser.events().seen("console");
            return all.subList(consoleBefore, all.size()).stream().map(event -> event.text("text")).toList();
        }

        private boolean mine(Event event) {
            return name.equals(event.fields().get("scenario"));
        }

        /** Waits for the scenario's end, so that the next starts in a browser at rest. */
        @Override
        public void close() {
            if (!finished && browser.events().seen("error").stream().noneMatch(this::mine)) {
                browser.events().await("done", this::mine);
            }
        }
    }

    @Test
    void echoShowsTheSocketAndReconnectsAfterTheServerRestarts() {
        try (Scenario page = new Scenario("echo")) {
            Event echoed = page.await("echoed");
            assertThat(echoed.text("readyState")).isEqualTo("1 (OPEN)");
            assertThat(echoed.text("protocol")).isEqualTo("anemone.echo");
            assertThat(echoed.text("extensions")).startsWith("permessage-deflate");
            assertThat(echoed.text("bufferedAmount")).matches("\\d+");
            page.await("await");
            hub.close();
            hub = DemoHub.start(DemoHub.all(), "127.0.0.1", port, InteropTls.server(), tlsPort);
            page.answer("restarted");
            assertThat(page.await("closed").text("closed")).startsWith("code 1001, reason \"").endsWith("wasClean true");
            assertThat(page.await("reconnected").text("readyState")).isEqualTo("1 (OPEN)");
        }
    }

    @Test
    void chatContextsSeeEachOthersMessagesAndNicknamesAndALateJoinerTheHistory() {
        try (Scenario page = new Scenario("chat")) {
            Event exchanged = page.await("exchanged");
            assertThat(exchanged.flag("pwned")).as("markup in a message ran").isFalse();
            assertThat(exchanged.number("images")).isZero();
            String history = page.await("history").text("lines");
            assertThat(history).containsPattern("AnonymousUser\\d+: hello from a")
                    .containsPattern("AnonymousUser\\d+: <img src=x onerror=\"window.pwned=1\">")
                    .containsPattern("Client AnonymousUser\\d+ changed to Alice").contains("Alice: now named");
        }
    }

    @Test
    void tickerRowsChangeAndTakeTheirColour() {
        try (Scenario page = new Scenario("ticker")) {
            Event moved = page.await("moved");
            assertThat(moved.text("later")).isNotEqualTo(moved.text("first"));
            assertThat(moved.text("classes")).containsPattern("price (up|down)");
            // Green rgb(31, 122, 58) for a rise, red rgb(179, 38, 30) for a fall, from common.css.
            assertThat(moved.text("colours")).containsPattern("rgb\\((31, 122, 58|179, 38, 30)\\)");
        }
    }

    @Test
    void timeServerRefusesAWrongTokenAndTicksEveryFiveSeconds() {
        try (Scenario page = new Scenario("time")) {
            Event refused = page.await("refused");
            assertThat(refused.text("status")).contains("(1006)");
            assertThat(refused.text("ticks")).isEqualTo("0");
            Event ticked = page.await("ticked");
            assertThat(ticked.number("apartMillis")).isBetween(4000L, 6500L);
            assertThat(ticked.text("clients")).isEqualTo("1");
            assertThat(ticked.text("time")).matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} .+");
            page.await("done");
            assertThat(page.console()).anyMatch(line -> line.contains("failed: HTTP Authentication failed"));   // 401
        }
    }

    @Test
    void authRefusesWithoutLoginAcceptsAfterItAndRefusesAnotherOrigin() {
        try (Scenario page = new Scenario("auth")) {
            assertThat(page.await("landed").text("url")).endsWith("/auth/login.html");
            assertThat(page.await("without login").text("result")).isEqualTo("closed 1006");
            Event in = page.await("logged in");
            assertThat(in.text("status")).isEqualTo("Open, authenticated");
            assertThat(in.text("cookieVisible")).as("HttpOnly: scripts never see it").isEmpty();
            assertThat(page.await("other origin").text("result")).isEqualTo("closed 1006");
            assertThat(page.await("logged out").text("result")).isEqualTo("closed 1006");
            page.await("done");
            List<String> console = page.console();
            assertThat(console.stream().filter(line -> line.contains("failed: HTTP Authentication failed"))).hasSize(2);   // 401
            assertThat(console).anyMatch(line -> line.contains("Unexpected response code: 403"));
        }
    }

    @Test
    void chatOverSockJsWithWebSocketBlockedTalksWithAWebSocketClient() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Scenario page = new Scenario("sockjs-chat")) {
            Event open = page.await("open");
            assertThat(open.text("webSocket")).isEqualTo("undefined");
            assertThat(open.text("transport")).isNotEqualTo("websocket").isNotEmpty();
            page.await("await");
            WebSocket client = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + port + "/chat/lobby"),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            heard.add(text);
                        }
                    }).join();
            client.send("from websocket");
            page.answer("go");
            page.await("sent");
            for (String text = heard.poll(20, TimeUnit.SECONDS); ; text = heard.poll(20, TimeUnit.SECONDS)) {
                assertThat(text).as("the SockJS page's message, over the WebSocket").isNotNull();
                if (text.contains("\"message\":\"from sockjs\"")) {
                    break;
                }
            }
            client.close();
        }
    }
}
