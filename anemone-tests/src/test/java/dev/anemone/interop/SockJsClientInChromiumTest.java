package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.sockjs.SockJsOptions;
import dev.anemone.sockjs.SockJsService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sockjs-client 1.6.1, the client nobody here wrote, in headless Chromium against our SockJS
 * service and against sockjs-node 0.3.24 as the reference, each transport forced in turn. The
 * scenario (node/sockjs-page.html): connect, echo a text with every control character and non-BMP
 * code points, see a heartbeat, be closed by the server with 4001 and a reason, reconnect and
 * echo, close from the client. What each server made the client see is written side by side to
 * target/sockjs-parity.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SockJsClientInChromiumTest {

    private static final Path NODE = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("node");
    /** The page's PAYLOAD, as Java writes it. */
    private static final String PAYLOAD;

    static {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        PAYLOAD = controls + "\u007f \"quoted\" \\ é € \u2028\u200c\ufff0\uffff 😀 𝄞 " + new String(Character.toChars(0x10FFFF));
    }

    private static final String[] BEHAVIOURS = {"transport", "echo", "heartbeat", "serverClose", "reconnect", "clientClose", "failed"};

    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
    private final Map<String, Map<String, String>> ours = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> reference = new LinkedHashMap<>();
    private WebSocketServer server;
    private SockJsService sockjs;
    private ExternalPeer nodeServer;
    private String nodeOrigin;

    @BeforeAll
    void start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        if (!Files.isDirectory(NODE.resolve("node_modules/sockjs-client")) || !Files.isDirectory(NODE.resolve("node_modules/sockjs"))) {
            fail("sockjs-client or sockjs is missing from anemone-tests/node: run scripts/install-test-deps.sh (npm ci)");
        }
        byte[] page = Files.readAllBytes(NODE.resolve("sockjs-page.html"));
        byte[] client = Files.readAllBytes(NODE.resolve("node_modules/sockjs-client/dist/sockjs.min.js"));
        SockJsOptions options = SockJsOptions.builder().heartbeat(Duration.ofMillis(500)).sockjsUrl("/sockjs-client.js").build();
        sockjs = SockJsService.create("/echo", new ClosingEcho(serverEvents), options);
        HttpRoutes routes = new HttpRoutes()
                .get("/sockjs-page.html", (request, exchange) -> exchange.respond(HttpResponse.of(200, "text/html; charset=utf-8", page)))
                .get("/sockjs-client.js", (request, exchange) -> exchange.respond(HttpResponse.of(200, "application/javascript", client)));
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).http(routes);
        server = sockjs.mount(builder, routes).start();

        nodeServer = ExternalPeer.start("sockjs-node", NODE, List.of("node", "sockjs-reference-server.js", "500"), Map.of());
        nodeOrigin = "http://127.0.0.1:" + nodeServer.awaitLine();
    }

    @AfterAll
    void stop() throws Exception {
        if (nodeServer != null) {
            nodeServer.close();
        }
        if (sockjs != null) {
            sockjs.close();
        }
        if (server != null) {
            server.close();
        }
        writeParityTable();
    }

    /** The echo both servers run: "close:CODE:REASON" closes, anything else comes back. */
    private static final class ClosingEcho implements WebSocketListener {
        private final BlockingQueue<String> events;

        ClosingEcho(BlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket socket) {
            events.add("open");
        }

        @Override
        public void onText(WebSocket socket, String text) {
            if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                socket.close(Integer.parseInt(parts[1]), parts[2]);
            } else {
                events.add(text.equals(PAYLOAD) ? "payload intact" : "text " + text);
                socket.send(text);
            }
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            events.add("close " + code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "xhr-streaming", "xhr-polling", "eventsource", "iframe-htmlfile", "jsonp-polling"})
    void sockjsClientAgainstOurServer(String transport) throws Exception {
        serverEvents.clear();
        Map<String, String> seen = scenario("http://127.0.0.1:" + server.port(), transport);
        ours.put(transport, seen);
        assertThat(seen).as("what sockjs-client saw").isEqualTo(expected(transport));
        // The server's side: the payload arrived whole, the first session closed with the code it
        // was given, and the second ended too (how soon depends on how the transport leaves).
        assertThat(nextEvent()).isEqualTo("open");
        assertThat(nextEvent()).isEqualTo("payload intact");
        assertThat(nextEvent()).isEqualTo("close 4001");
        assertThat(nextEvent()).isEqualTo("open");
        assertThat(nextEvent()).isEqualTo("text again");
        assertThat(nextEvent()).startsWith("close ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "xhr-streaming", "xhr-polling", "eventsource", "iframe-htmlfile", "jsonp-polling"})
    void sockjsClientAgainstTheSockjsNodeReference(String transport) throws Exception {
        Map<String, String> seen = scenario(nodeOrigin, transport);
        reference.put(transport, seen);
        Map<String, String> expected = expected(transport);
        if (transport.equals("websocket")) {
            // sockjs-node keeps a WebSocket alive with WebSocket pings, which the browser answers
            // unseen, not with h frames; ours sends h frames on every transport, as the protocol's
            // frames are what sockjs-client can see.
            expected.put("heartbeat", "false");
        }
        assertThat(seen).as("what sockjs-client saw from sockjs-node").isEqualTo(expected);
    }

    private String nextEvent() throws InterruptedException {
        String event = serverEvents.poll(15, TimeUnit.SECONDS);
        assertThat(event).as("a server event within 15 s").isNotNull();
        return event;
    }

    private static Map<String, String> expected(String transport) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("transport", transport);
        expected.put("echo", "identical");
        expected.put("heartbeat", "true");
        expected.put("serverClose", "4001 closed by the server ü true");
        expected.put("reconnect", "again");
        expected.put("clientClose", "4002 closed by the client true");
        return expected;
    }

    private static Map<String, String> scenario(String origin, String transport) {
        EventLog log = ChromiumPage.run(origin + "/sockjs-page.html?transports=" + transport, null);
        String report = log.await("report").text("text");
        String body = report.substring(report.indexOf(":{") + 2, report.lastIndexOf("}}"));
        Map<String, String> seen = new LinkedHashMap<>();
        Matcher field = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|null)").matcher(body);
        while (field.find()) {
            seen.put(field.group(1), field.group(3) != null ? field.group(3) : field.group(2));
        }
        return seen;
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
