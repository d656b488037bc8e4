package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.HeadLimits;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A malformed or oversized request head gets its precise status, and the server goes on serving
 * everyone else (RFC 6455 section 4.2.1 and 4.4, RFC 6585 for 431, RFC 9110 for 414 and 505).
 */
class HandshakeRefusalTest {

    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = Servers.echo().headLimits(new HeadLimits(1024, 20)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String answerTo(String request) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(request);
            return client.readToEnd();
        }
    }

    private static String upgrade(String method, String extraHeaders) {
        return method + " /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void missingKeyIs400NamingTheHeader() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 13\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Sec-WebSocket-Key");
        assertServerStillEchoes();
    }

    @Test
    void keyThatIsNotSixteenBytesIs400() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Sec-WebSocket-Key");
    }

    @Test
    void otherVersionIs426WithTheVersionWeSpeak() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
    }

    @Test
    void postIs405() throws IOException {
        String answer = answerTo(upgrade("POST", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 405 ").contains("Allow: GET");
    }

    @Test
    void garbageIs400() throws IOException {
        assertThat(answerTo("\u0001\u0002 nonsense\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertServerStillEchoes();
    }

    @Test
    void headOverTheByteLimitIs431() throws IOException {
        String answer = answerTo(upgrade("GET", "X-Padding: " + "a".repeat(2000) + "\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertServerStillEchoes();
    }

    @Test
    void headOverTheLineLimitIs431() throws IOException {
        String answer = answerTo(upgrade("GET", "X-A: 1\r\n".repeat(30)));
        assertThat(answer).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void http2RequestLineIs505() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(upgrade("GET", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                    .replace(" HTTP/1.1\r\n", " HTTP/2.0\r\n"));
            // The head first, so that a wrongly accepted upgrade fails here rather than at a read timeout.
            assertThat(client.readHead()).startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
            assertThat(client.readToEnd()).as("body, then the server closes").contains("HTTP/2.0");
        }
        assertServerStillEchoes();
    }

    @Test
    void http10UpgradeIsStill505() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n"));
        assertThat(answer).startsWith("HTTP/1.1 505 ");
    }

    @Test
    void requestTargetOf9KiBIs414() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .replace("/echo", "/echo?" + "q".repeat(9 * 1024)));
        assertThat(answer).startsWith("HTTP/1.1 414 URI Too Long\r\n");
        assertServerStillEchoes();
    }

    @Test
    void unknownPathIs404() throws IOException {
        String answer = answerTo(upgrade("GET", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .replace("/echo", "/nowhere"));
        assertThat(answer).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void plainGetOnAnEndpointWithoutHttpHandlerIs426() throws IOException {
        String answer = answerTo("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 426 ");
    }

    private void assertServerStillEchoes() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.handshake("/echo")).startsWith("HTTP/1.1 101 ").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            client.sendFrame(true, 1, "still here".getBytes());
            assertThat(client.readFrame().text()).isEqualTo("still here");
        }
    }
}
