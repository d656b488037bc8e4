package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A cookie marked Secure is set over TLS only: on a plain connection its Set-Cookie is left out
 * of an HTTP response and of a verdict's 101, and the other cookies still go; over TLS it goes.
 */
class SecureCookieTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.get();

    private static WebSocketServer.Builder cookieServer() {
        return Servers.echo()
                .verifyClient(ClientVerifier.sync(info -> Verdict.accept()
                        .withHeader("Set-Cookie", SetCookie.of("ws-token", "t1").withSecure(true).headerValue())
                        .withHeader("Set-Cookie", SetCookie.of("ws-seen", "yes").headerValue())))
                .http((request, exchange) -> exchange.respond(HttpResponse.text(200, "hello")
                        .withCookie(SetCookie.of("session", "s1").withSecure(true))
                        .withCookie(SetCookie.of("theme", "dark"))));
    }

    @Test
    void onAPlainConnectionTheSecureCookieIsLeftOutAndTheOthersGo() throws Exception {
        try (WebSocketServer server = cookieServer().start(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            String page = exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200 ").contains("Set-Cookie: theme=dark").doesNotContain("session=");
        }
        try (WebSocketServer server = cookieServer().start(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            String upgrade = exchange(socket, upgradeRequest());
            assertThat(upgrade).startsWith("HTTP/1.1 101 ").contains("Set-Cookie: ws-seen=yes").doesNotContain("ws-token");
        }
    }

    @Test
    void overTlsTheSecureCookieGoes() throws Exception {
        try (WebSocketServer server = cookieServer().tls(CERTIFICATES.ec.pem()).start();
             SSLSocket socket = TlsServerTest.clientSocket(server, "TLSv1.3")) {
            String page = exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200 ").contains("Set-Cookie: session=s1").contains("Secure")
                    .contains("Set-Cookie: theme=dark");
        }
        try (WebSocketServer server = cookieServer().tls(CERTIFICATES.ec.pem()).start();
             SSLSocket socket = TlsServerTest.clientSocket(server, "TLSv1.3")) {
            String upgrade = exchange(socket, upgradeRequest());
            assertThat(upgrade).startsWith("HTTP/1.1 101 ").contains("Set-Cookie: ws-token=t1").contains("Set-Cookie: ws-seen=yes");
        }
    }

    private static String upgradeRequest() {
        return "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    /** Sends {@code request} and reads the answer's head (all of it, for a page the server closes). */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                answer.write(b);
                if (answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
        } catch (SocketException reset) {
            // What came before the reset is the answer.
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
