package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code @stomp/stompjs} 7 in headless Chromium (node/stomp-page.html) against our broker, the
 * page and the library served by the same server: STOMP 1.2 over {@code v12.stomp}, a topic round
 * trip with non-ASCII text and a receipt, NACK and redelivery on a queue, heart-beats, DISCONNECT.
 */
class StompClientInChromiumTest {

    private static final Path NODE = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("node");

    @Test
    void stompjsInTheBrowserTalksToOurBroker() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        Path bundle = NODE.resolve("node_modules/@stomp/stompjs/bundles/stomp.umd.min.js");
        if (!Files.isRegularFile(bundle)) {
            fail("@stomp/stompjs is missing from anemone-tests/node: run scripts/install-test-deps.sh (npm ci)");
        }
        byte[] page = Files.readAllBytes(NODE.resolve("stomp-page.html"));
        byte[] library = Files.readAllBytes(bundle);
        HttpRoutes routes = new HttpRoutes()
                .get("/stomp-page.html", (request, exchange) -> exchange.respond(HttpResponse.of(200, "text/html; charset=utf-8", page)))
                .get("/stomp.umd.min.js", (request, exchange) -> exchange.respond(HttpResponse.of(200, "application/javascript", library)));
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).http(routes);
        StompBroker.create().mount(builder, "/stomp");
        try (WebSocketServer server = builder.start()) {
            EventLog events = ChromiumPage.run("http://127.0.0.1:" + server.port() + "/stomp-page.html", null);
            assertThat(events.seen("report")).as(events.toString()).hasSize(1);
            assertThat(events.seen("report").get(0).text("text"))
                    .isEqualTo("connect 1.2 v12.stomp|topic héllo 😀|receipt|nack|redelivered true|disconnected");
        }
    }
}
