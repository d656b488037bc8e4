package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anemone.ClientVerifier;
import dev.anemone.EchoListener;
import dev.anemone.Endpoint;
import dev.anemone.HttpResponse;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium over TLS, driven by playwright-core (node/chromium-page.js): it loads a page
 * from our server over https:// and speaks wss:// to it on the same port, trusting the
 * development certificate by its public key's hash alone, as a developer would
 * ({@code --ignore-certificate-errors-spki-list}). Without the hash the page does not load.
 */
class ChromiumOverTlsTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** The page: connect over wss://, send, report what came back and how, then close with 4000. */
    private static final String PAGE = """
            <!DOCTYPE html><meta charset="utf-8"><title>wss echo</title>
            <script>
              const socket = new WebSocket('wss://' + location.host + '/echo', ['anemone.v1']);
              socket.onopen = () => socket.send('héllo over tls');
              socket.onmessage = (event) => {
                window.report = location.protocol + ' | ' + event.data + ' | ' + socket.protocol + ' | ' + socket.extensions;
                socket.close(4000, 'done');
              };
              socket.onerror = () => { window.report = 'error'; };
            </script>
            """;

    @Test
    void chromiumTrustingTheDevCertificateBySpkiSpeaksWssToOurServer() throws Exception {
        PeerRuntime.NODE.requireInstalled();
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        EchoListener echo = new EchoListener() {
            @Override
            public void onTextUtf8(WebSocket socket, java.nio.ByteBuffer utf8) {
                seen.add("text " + StandardCharsets.UTF_8.decode(utf8.duplicate()));
                super.onTextUtf8(socket, utf8);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                seen.add("closed " + code + " " + reason + " " + wasClean + " origin " + socket.handshakeHeaders().get("Origin"));
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .tls(InteropTls.server())
                .verifyClient(ClientVerifier.sync(info -> {
                    seen.add("secure " + info.secure());
                    return Verdict.accept();
                }))
                .handleProtocols((offered, info) -> offered.get(0))
                .endpoint("/echo", Endpoint.of(echo).keepingHandshakeHeaders())
                .http((request, exchange) -> exchange.respond(HttpResponse.html(200, PAGE)))
                .perMessageDeflate(DeflateOptions.defaults())
                .start()) {
            String origin = "https://localhost:" + server.port();

            EventLog trusting = ChromiumPage.run(origin + "/", InteropTls.SPKI_SHA256);
            assertThat(trusting.await("report").text("text"))
                    .isEqualTo("https: | héllo over tls | anemone.v1 | permessage-deflate; server_no_context_takeover");
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("secure true");
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("text héllo over tls");
            assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("closed 4000 done true origin " + origin);

            EventLog distrusting = ChromiumPage.run(origin + "/", null);
            assertThat(distrusting.await("error").text("message")).contains("ERR_CERT_AUTHORITY_INVALID");
            assertThat(seen).isEmpty();
        }
    }
}
