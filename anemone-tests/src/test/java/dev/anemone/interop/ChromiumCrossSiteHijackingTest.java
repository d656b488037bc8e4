package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HttpResponse;
import dev.anemone.SetCookie;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-site WebSocket hijacking, tried by a real browser: headless Chromium logs in to the
 * victim's server (which sets the session cookie) and is sent on to a page of another origin (a
 * second server, another port of the same host, so the browser still sends the victim's cookie
 * along), whose script opens a WebSocket to the victim. The victim's verifier, the Origin
 * allow-list and then the cookie check, refuses it with 403 although the cookie is right, while
 * the victim's own page, with the same cookie, gets in.
 */
class ChromiumCrossSiteHijackingTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String SESSION = "s3ss10n-of-alice";

    /** Opens the victim's socket and reports what came of it. */
    private static String page(int victimPort) {
        return """
                <!DOCTYPE html><meta charset="utf-8"><title>socket</title>
                <script>
                  const socket = new WebSocket('ws://localhost:%d/account');
                  socket.onmessage = (event) => { window.report = 'message ' + event.data; socket.close(1000); };
                  socket.onclose = (event) => { window.report = window.report || 'closed ' + event.code; };
                </script>
                """.formatted(victimPort);
    }

    @Test
    void aPageOfAnotherOriginWithTheVictimsCookieIsRefusedWith403() throws Exception {
        PeerRuntime.NODE.requireInstalled();
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        int victimPort = freePort();
        String victimOrigin = "http://localhost:" + victimPort;
        BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
        ClientVerifier sessionCookie = ClientVerifier.sync(info -> SESSION.equals(info.cookies().get("session"))
                ? Verdict.accept().attach("alice") : Verdict.reject(401));
        try (WebSocketServer victim = WebSocketServer.builder().host("127.0.0.1").port(victimPort).eventLoops(1)
                .verifyClient(ClientVerifier.sync(info -> {
                    handshakes.add(info.origin() + " " + info.cookies().get("session"));
                    return Verdict.accept();
                }).and(ClientVerifier.allowOrigins(victimOrigin)))
                .endpoint("/account", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.send("balance of " + socket.attachment());
                    }
                }).withVerifier(sessionCookie))
                .http((request, exchange) -> exchange.respond(switch (request.path()) {
                    case "/login" -> HttpResponse.redirect(302, request.query().get("next"))
                            .withCookie(SetCookie.of("session", SESSION));
                    default -> HttpResponse.html(200, page(victimPort));
                }))
                .start();
             WebSocketServer attacker = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .http((request, exchange) -> exchange.respond(HttpResponse.html(200, page(victimPort))))
                .start()) {
            String attackerOrigin = "http://localhost:" + attacker.port();

            EventLog hijack = ChromiumPage.run(victimOrigin + "/login?next=" + attackerOrigin + "/", null);
            assertThat(hijack.await("report").text("text")).isEqualTo("closed 1006");
            assertThat(hijack.seen("console")).anySatisfy(line -> assertThat(line.text("text")).contains("403"));
            assertThat(handshakes.poll(30, TimeUnit.SECONDS)).isEqualTo(attackerOrigin + " " + SESSION);
            assertThat(victim.clients()).isEmpty();

            EventLog own = ChromiumPage.run(victimOrigin + "/login?next=/app", null);
            assertThat(own.await("report").text("text")).isEqualTo("message balance of alice");
            assertThat(handshakes.poll(30, TimeUnit.SECONDS)).isEqualTo(victimOrigin + " " + SESSION);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
