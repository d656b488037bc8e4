package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page and its WebSocket on one port: static files next to an endpoint, read off the loop, safely. */
class StaticFilesTest {

    private static final int LARGE = 8 * 1024 * 1024;

    @TempDir
    Path root;
    private Path site;
    private byte[] large;
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private WebSocketServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        site = Files.createDirectories(root.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>echo</h1>");
        Files.writeString(site.resolve("app.js"), "console.log(1)");
        Files.writeString(root.resolve("secret.txt"), "do not serve");
        Files.createSymbolicLink(site.resolve("link.txt"), root.resolve("secret.txt"));
        large = new byte[LARGE];
        new Random(7).nextBytes(large);
        Files.write(site.resolve("large.bin"), large);
        // Counts the tasks that read files, and proves they run here rather than on an event loop.
        Executor counting = task -> pool.execute(() -> {
            reads.incrementAndGet();
            assertThat(Thread.currentThread().getName()).doesNotStartWith("anemone-server");
            task.run();
        });
        StaticFiles files = StaticFiles.fromFolder(site).withExecutor(counting);
        server = Servers.echo().http(new HttpRoutes().prefix("/static", files.at("/static")).prefix("/", files)).start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        pool.shutdownNow();
    }

    private String raw(String request) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(request);
            return client.readToEnd();
        }
    }

    private String get(String method, String path) throws IOException {
        return raw(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    @Test
    void servesTheIndexWithItsTypeValidatorsAndFramingForbidden() throws Exception {
        HttpResponse<String> index = http.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>echo</h1>");
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'none'");
        assertThat(index.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches("\"[0-9a-f]+-[0-9a-f]+\""));
        assertThat(index.headers().firstValue("Last-Modified")).hasValueSatisfying(date -> assertThat(date).endsWith(" GMT"));
        assertThat(http.get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(reads.get()).as("files read on the executor").isPositive();
    }

    @Test
    void aUrlPrefixMapsToTheFolder() throws Exception {
        assertThat(http.get("/static/app.js").body()).isEqualTo("console.log(1)");
        assertThat(http.get("/static/").body()).isEqualTo("<h1>echo</h1>");
        assertThat(http.get("/static").body()).isEqualTo("<h1>echo</h1>");
    }

    @Test
    void headAnswersWithTheLengthOfTheBodyButNoBody() throws IOException {
        String answer = get("HEAD", "/");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 13").endsWith("\r\n\r\n");
        assertThat(get("HEAD", "/large.bin")).contains("Content-Length: " + LARGE).endsWith("\r\n\r\n");
    }

    @Test
    void rfc9110_13_1_aCurrentCopyGets304ByETagOrByDate() throws Exception {
        HttpResponse<String> first = http.get("/app.js");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> byTag = http.send(http.request("/app.js").header("If-None-Match", "W/\"x\", " + tag).build());
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("ETag")).hasValue(tag);

        HttpResponse<String> byDate = http.send(http.request("/app.js").header("If-Modified-Since", modified).build());
        assertThat(byDate.statusCode()).isEqualTo(304);

        HttpResponse<String> stale = http.send(http.request("/app.js").header("If-None-Match", "\"other\"")
                .header("If-Modified-Since", modified).build());
        assertThat(stale.statusCode()).as("If-None-Match decides when both are sent").isEqualTo(200);
        assertThat(stale.body()).isEqualTo("console.log(1)");
    }

    @Test
    void aLargeFileIsStreamedInPiecesAsTheClientReadsIt() throws Exception {
        HttpResponse<byte[]> answer = http.client().send(http.request("/large.bin").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(Integer.toString(LARGE));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(MessageDigest.getInstance("SHA-256").digest(answer.body()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(large));
        // Read whole, the file would take one task; in pieces, the reader waits for the client
        // to drain what was sent and goes on in a new task each time.
        assertThat(reads.get()).as("reading tasks for one 8 MiB file").isGreaterThan(2);
    }

    @Test
    void unknownFilesAre404AndOtherMethods405() throws Exception {
        assertThat(http.get("/missing.html").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(http.request("/app.js").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void pathsThatClimbOutOfTheRootAre404() throws IOException {
        for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt",
            "/%2E%2E%5Csecret.txt", "/static/../secret.txt", "/static/%2e%2e/secret.txt", "/link.txt"}) {
            assertThat(get("GET", path)).as(path).startsWith("HTTP/1.1 404 ").doesNotContain("do not serve");
        }
    }

    @Test
    void curlSeesHeadAnd304() throws Exception {
        Curl.Result head = Curl.run("-I", http.uri("/app.js").toString());
        assertThat(head.out()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 14").contains("ETag: ");
        String tag = head.out().lines().filter(line -> line.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        Curl.Result again = Curl.run("-i", "-H", "If-None-Match: " + tag, http.uri("/app.js").toString());
        assertThat(again.out()).startsWith("HTTP/1.1 304 Not Modified").doesNotContain("console.log");
    }

    @Test
    void otherUpgradesSuchAsH2cAreServedAsPlainHttp() throws IOException {
        String answer = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
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
