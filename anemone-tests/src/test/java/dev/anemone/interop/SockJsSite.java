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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our side of the SockJS interop tests: a server whose SockJS service at {@code /echo} runs a
 * listener of the test's, beside the pages of node/ ({@code /sockjs-page.html} and the like) and
 * sockjs-client 1.6.1 at {@code /sockjs-client.js}; and the scenario of
 * node/sockjs-page.html run in Chromium against any origin (this server, sockjs-node, nginx in
 * front of either), with what sockjs-client saw per transport.
 */
final class SockJsSite implements AutoCloseable {

    static final Path NODE = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("node");
    /** sockjs-client's transports, each forced in turn by the tests. */
    static final List<String> TRANSPORTS = List.of("websocket", "xhr-streaming", "xhr-polling", "eventsource",
            "iframe-htmlfile", "jsonp-polling");
    /** The page's PAYLOAD, as Java writes it: every control character and non-BMP code points. */
    static final String PAYLOAD;
    /** The pages of node/ the site serves. */
    private static final List<String> PAGES = List.of("sockjs-page.html", "sockjs-failover-page.html");
    private static final Pattern TRANSPORT = Pattern.compile("\"([\\w-]+)\":\\{([^{}]*)\\}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|null)");

    static {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        PAYLOAD = controls + "\u007f \"quoted\" \\ é € \u2028\u200c\ufff0\uffff 😀 𝄞 " + new String(Character.toChars(0x10FFFF));
    }

    final WebSocketServer server;
    final SockJsService sockjs;

    private SockJsSite(WebSocketServer server, SockJsService sockjs) {
        this.server = server;
        this.sockjs = sockjs;
    }

    /** The transports, for a parameterized test's {@code @MethodSource}. */
    static List<String> transports() {
        return TRANSPORTS;
    }

    /** Fails, never skips, when Chromium or the npm packages are missing. */
    static void requireChromiumAndSockJs() {
        PeerRuntime.NODE.requireInstalled();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        if (!Files.isDirectory(NODE.resolve("node_modules/sockjs-client")) || !Files.isDirectory(NODE.resolve("node_modules/sockjs"))) {
            fail("sockjs-client or sockjs is missing from anemone-tests/node: run scripts/install-test-deps.sh (npm ci)");
        }
    }

    /** The heartbeat the scenario waits for: short, so that each transport sees one soon. */
    static final Duration SCENARIO_HEARTBEAT = Duration.ofMillis(500);

    /**
     * A site on 127.0.0.1, a free port, whose SockJS sessions go to {@code listener} and get a
     * heartbeat every {@code heartbeat}; {@code settings} adds to the server's builder.
     */
    static SockJsSite start(WebSocketListener listener, Duration heartbeat, UnaryOperator<WebSocketServer.Builder> settings) {
        requireChromiumAndSockJs();
        HttpRoutes routes = new HttpRoutes();
        try {
            for (String page : PAGES) {
                byte[] html = Files.readAllBytes(NODE.resolve(page));
                routes.get("/" + page, (request, exchange) -> exchange.respond(HttpResponse.of(200, "text/html; charset=utf-8", html)));
            }
            byte[] client = Files.readAllBytes(NODE.resolve("node_modules/sockjs-client/dist/sockjs.min.js"));
            routes.get("/sockjs-client.js", (request, exchange) -> exchange.respond(HttpResponse.of(200, "application/javascript", client)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pages of " + NODE, e);
        }
        SockJsOptions options = SockJsOptions.builder().heartbeat(heartbeat).sockjsUrl("/sockjs-client.js").build();
        SockJsService sockjs = SockJsService.create("/echo", listener, options);
        WebSocketServer.Builder builder = settings.apply(WebSocketServer.builder().host("127.0.0.1").port(0).http(routes));
        return new SockJsSite(sockjs.mount(builder, routes).start(), sockjs);
    }

    /** The site's own origin. */
    String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        sockjs.close();
        server.close();
    }

    /**
     * Runs node/sockjs-page.html from {@code origin} in one Chromium, each of {@code transports}
     * in turn, and returns what sockjs-client saw, by transport. With {@code spki} (may be null)
     * Chromium trusts the certificate with that public key hash.
     */
    static Map<String, Map<String, String>> scenario(String origin, List<String> transports, String spki) {
        return scenario(origin + "/sockjs-page.html?transports=" + String.join(",", transports), spki);
    }

    /** The scenario with each connection given {@code openWithin} to open, not 15 s; see {@link #scenario(String, List, String)}. */
    static Map<String, Map<String, String>> scenario(String origin, List<String> transports, String spki, Duration openWithin) {
        return scenario(origin + "/sockjs-page.html?openWithin=" + openWithin.toMillis() + "&transports="
                + String.join(",", transports), spki);
    }

    private static Map<String, Map<String, String>> scenario(String page, String spki) {
        EventLog log = ChromiumPage.run(page, spki);
        String report = log.await("report").text("text");
        Map<String, Map<String, String>> seen = new LinkedHashMap<>();
        Matcher transport = TRANSPORT.matcher(report);
        while (transport.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher field = FIELD.matcher(transport.group(2));
            while (field.find()) {
                fields.put(field.group(1), field.group(3) != null ? field.group(3) : field.group(2));
            }
            seen.put(transport.group(1), fields);
        }
        return seen;
    }

    /** What sockjs-client sees on {@code transport} when all goes well. */
    static Map<String, String> expected(String transport) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("transport", transport);
        expected.put("echo", "identical");
        expected.put("heartbeat", "true");
        expected.put("serverClose", "4001 closed by the server ü true");
        expected.put("reconnect", "again");
        expected.put("clientClose", "4002 closed by the client true");
        return expected;
    }

    /** The echo the scenario talks to: "close:CODE:REASON" closes, anything else comes back; each event is reported to {@code events}. */
    static final class ClosingEcho implements WebSocketListener {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

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

        void clear() {
            events.clear();
        }

        /** The next event, within 15 s. */
        String next() throws InterruptedException {
            String event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("a server event within 15 s").isNotNull();
            return event;
        }

        /**
         * Takes events until each of {@code wanted} has come {@code count} times, the others
         * passed over; fails when 15 s go by without an event.
         */
        void awaitEach(int count, String... wanted) throws InterruptedException {
            Map<String, Integer> left = new LinkedHashMap<>();
            for (String event : wanted) {
                left.put(event, count);
            }
            while (!left.isEmpty()) {
                left.computeIfPresent(next(), (event, n) -> n == 1 ? null : n - 1);
            }
        }
    }
}
