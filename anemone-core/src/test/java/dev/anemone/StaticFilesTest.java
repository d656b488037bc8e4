package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page and its WebSocket on one port: static files next to an endpoint, safely. */
class StaticFilesTest {

    @TempDir
    Path root;
    private WebSocketServer server;

    @BeforeEach
    void start() throws IOException {
        Path site = Files.createDirectories(root.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>echo</h1>");
        Files.writeString(site.resolve("app.js"), "console.log(1)");
        Files.writeString(root.resolve("secret.txt"), "do not serve");
        server = Servers.echo().http(StaticFiles.fromFolder(site)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String request) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(request);
            return client.readToEnd();
        }
    }

    private String get(String method, String path) throws IOException {
        return get(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    @Test
    void servesTheIndexWithItsTypeAndFramingForbidden() throws IOException {
        String answer = get("GET", "/");
        assertThat(answer).startsWith("HTTP/1.1 200 ")
                .contains("Content-Type: text/html; charset=utf-8")
                .contains("X-Frame-Options: DENY")
                .contains("Content-Security-Policy: frame-ancestors 'none'")
                .endsWith("<h1>echo</h1>");
        assertThat(get("GET", "/app.js")).contains("Content-Type: text/javascript");
    }

    @Test
    void headAnswersWithTheLengthOfTheBodyButNoBody() throws IOException {
        String answer = get("HEAD", "/");
        assertThat(answer).contains("Content-Length: 13").endsWith("\r\n\r\n");
    }

    @Test
    void unknownFilesAre404() throws IOException {
        assertThat(get("GET", "/missing.html")).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void pathsThatClimbOutOfTheRootAre404() throws IOException {
        for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt",
            "/%2E%2E%5Csecret.txt"}) {
            assertThat(get("GET", path)).as(path).startsWith("HTTP/1.1 404 ").doesNotContain("do not serve");
        }
    }

    @Test
    void otherUpgradesSuchAsH2cAreServedAsPlainHttp() throws IOException {
        String answer = get("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("<h1>echo</h1>");
    }

    @Test
    void theWebSocketEndpointStillUpgradesOnTheSamePort() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.handshake("/echo")).startsWith("HTTP/1.1 101 ");
        }
    }
}
