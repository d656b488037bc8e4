package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocketServer;
import dev.anemone.sockjs.SockJsOptions;
import dev.anemone.sockjs.SockJsService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SockJS through nginx running the docs' recipe: sockjs-client 1.6.1 in headless Chromium runs
 * the scenario of {@link SockJsSite} on each of its six transports through nginx's plain port,
 * and on WebSocket and xhr-streaming through its TLS port (TLS ending at nginx, plain HTTP to
 * the server). The streaming transports see their heartbeat because the recipe turns
 * {@code proxy_buffering} off: with it on, xhr-streaming never opens. Then the per-address bound on sessions behind nginx: with nginx
 * trusted, each forwarded client has its own; without, every client is nginx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxSockJsTest {

    private final SockJsSite.ClosingEcho echo = new SockJsSite.ClosingEcho();
    private SockJsSite site;
    private Nginx nginx;

    @BeforeAll
    void start() {
        site = SockJsSite.start(echo, SockJsSite.SCENARIO_HEARTBEAT, builder -> builder.trustedProxies("127.0.0.1"));
        nginx = Nginx.inFrontOf(site.server.port());
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void everyTransportThroughNginx() throws Exception {
        assertScenario("http", SockJsSite.TRANSPORTS, null);
    }

    @Test
    void webSocketAndXhrStreamingOverTlsEndingAtNginx() throws Exception {
        assertScenario("https", List.of("websocket", "xhr-streaming"), InteropTls.SPKI_SHA256);
    }

    @Test
    void withNginxBufferingOnAStreamingTransportNeverOpens() {
        // Why the recipe turns proxy_buffering off: nginx holds the stream's first bytes (the
        // prelude and the open frame) until its buffer fills, which takes far longer than this.
        try (Nginx buffering = Nginx.start(recipe -> recipe.replaceDirective("proxy_buffering", "on"), site.server.port())) {
            Map<String, Map<String, String>> seen = SockJsSite.scenario(buffering.uri("https", "").toString(),
                    List.of("xhr-streaming"), InteropTls.SPKI_SHA256, Duration.ofSeconds(3));
            assertThat(seen.get("xhr-streaming")).containsEntry("failed", "open");
        }
    }

    private void assertScenario(String scheme, List<String> transports, String spki) throws Exception {
        echo.clear();
        Map<String, Map<String, String>> seen = SockJsSite.scenario(nginx.uri(scheme, "").toString(), transports, spki);
        for (String transport : transports) {
            assertThat(seen.get(transport)).as("what sockjs-client saw on %s through nginx (%s://; nginx's log:\n%s)",
                    transport, scheme, nginx.errorLog()).isEqualTo(SockJsSite.expected(transport));
        }
        echo.awaitEach(transports.size(), "payload intact", "close 4001");
    }

    @Test
    void sessionsBehindATrustedNginxAreCountedPerForwardedClient() throws Exception {
        try (Bounded bounded = new Bounded(builder -> builder.trustedProxies("127.0.0.1"))) {
            assertThat(bounded.newSessionFrom("127.0.0.2")).isEqualTo("200 o\n");
            assertThat(bounded.newSessionFrom("127.0.0.2")).as("a second session of the same client")
                    .startsWith("503 ");
            assertThat(bounded.newSessionFrom("127.0.0.3")).as("another client").isEqualTo("200 o\n");
        }
    }

    @Test
    void behindAnUntrustedNginxEverySessionIsNginxs() throws Exception {
        try (Bounded bounded = new Bounded(builder -> builder)) {
            assertThat(bounded.newSessionFrom("127.0.0.2")).isEqualTo("200 o\n");
            assertThat(bounded.newSessionFrom("127.0.0.3")).as("another client, but nginx again").startsWith("503 ");
        }
    }

    /** A SockJS echo allowing one session per client address, behind its own nginx. */
    private static final class Bounded implements AutoCloseable {
        private final SockJsService service = SockJsService.create("/echo", new EchoListener(),
                SockJsOptions.builder().maxSessionsPerAddress(1).build());
        private final WebSocketServer server;
        private final Nginx proxy;

        Bounded(UnaryOperator<WebSocketServer.Builder> settings) {
            server = service.mount(settings.apply(WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1))).start();
            proxy = Nginx.inFrontOf(server.port());
        }

        /** Opens a session with an xhr poll from {@code source} through nginx: "STATUS BODY". */
        String newSessionFrom(String source) throws IOException {
            return HttpFrom.post(source, proxy.port(), "/echo/000/" + UUID.randomUUID() + "/xhr");
        }

        @Override
        public void close() {
            proxy.close();
            server.close();
            service.close();
        }
    }
}
