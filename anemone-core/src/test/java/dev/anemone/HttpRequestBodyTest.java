package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies (RFC 9112 section 6): form and JSON posts, chunked uploads, 413 past the limit, ambiguous framing refused. */
class HttpRequestBodyTest {

    private static final int LIMIT = 64 * 1024;

    private final AtomicInteger handled = new AtomicInteger();
    private WebSocketServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = Servers.echo().maxRequestBodySize(LIMIT).http(new HttpRoutes()
                .post("/form", (request, exchange) -> {
                    handled.incrementAndGet();
                    Parameters form = request.form();
                    exchange.respond(HttpResponse.text(200, form.get("user") + " " + form.getAll("tag")));
                })
                .post("/json", (request, exchange) -> {
                    handled.incrementAndGet();
                    exchange.respond(HttpResponse.json(200, "{\"got\":" + request.bodyText() + ",\"type\":\""
                            + request.mediaType() + "\",\"bytes\":" + request.bodyLength() + "}"));
                })
                .post("/digest", (request, exchange) -> {
                    handled.incrementAndGet();
                    byte[] body = request.body();
                    exchange.respond(HttpResponse.text(200, body.length + " " + sha256(body)));
                })
                .get("/query", (request, exchange) -> exchange.respond(HttpResponse.text(200,
                        request.query().getAll("a") + " " + request.query().get("name") + " " + request.cookie("session")
                                + " " + request.cookies().get("theme")))))
                .start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private RawResponse raw(String request) throws IOException {
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write(request.getBytes(StandardCharsets.ISO_8859_1));
            return peer.readResponse("POST");
        }
    }

    @Test
    void aFormPostIsReadAsFieldsWithRepeatedNamesAndPercentDecoding() throws Exception {
        java.net.http.HttpResponse<String> answer = http.send(http.request("/form")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("user=J%C3%B6rg+M&tag=a&tag=b%26c")).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("Jörg M [a, b&c]\n");
    }

    @Test
    void aJsonBodyIsAvailableAsTextAndBytes() throws Exception {
        java.net.http.HttpResponse<String> answer = http.send(http.request("/json").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"city\":\"Zürich\"}")).build());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(answer.body()).isEqualTo("{\"got\":{\"city\":\"Zürich\"},\"type\":\"application/json\",\"bytes\":18}");
    }

    @Test
    void queryStringAndCookiesAreParsed() throws Exception {
        java.net.http.HttpResponse<String> answer = http.send(http.request("/query?a=1&a=2&name=caf%C3%A9+noir")
                .header("Cookie", "session=abc123; theme=\"dark\"").build());
        assertThat(answer.body()).isEqualTo("[1, 2] café noir abc123 dark\n");
    }

    @Test
    void rfc9112_6_3_aDeclaredLengthOverTheLimitGets413BeforeTheBodyIsSent() throws IOException {
        try (RawPeer peer = new RawPeer(server.port())) {
            // Only the head: the answer must not wait for a body.
            peer.write(("POST /digest HTTP/1.1\r\nHost: x\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            RawResponse answer = peer.readResponse("POST");
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.head()).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Connection: close");
            assertThat(peer.awaitEof(5_000)).isTrue();
        }
        assertThat(handled.get()).as("the handler never ran").isZero();
    }

    @Test
    void rfc9112_7_1_aChunkedBodyPastTheLimitGets413WhileItArrives() throws IOException {
        String chunk = Integer.toHexString(LIMIT / 2) + "\r\n" + "a".repeat(LIMIT / 2) + "\r\n";
        RawResponse answer = raw("POST /digest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk + chunk + "1\r\n");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(handled.get()).isZero();
    }

    @Test
    void rfc9112_6_1_contentLengthWithTransferEncodingGets400() throws IOException {
        RawResponse answer = raw("POST /digest HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(handled.get()).isZero();
    }

    @Test
    void rfc9110_10_1_1_expectContinueGets100ThenTheAnswer() throws IOException {
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("POST /digest HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            peer.write("abc".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readResponse("POST").text()).startsWith("3 ba7816bf");
        }
    }

    @Test
    void rfc9112_7_1_curlUploadsAChunkedBody(@TempDir Path folder) throws Exception {
        byte[] upload = new byte[LIMIT - 1];
        new Random(3).nextBytes(upload);
        Path file = Files.write(folder.resolve("upload.bin"), upload);
        Curl.Result curl = Curl.run("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, http.uri("/digest").toString());
        assertThat(curl.out()).isEqualTo(upload.length + " " + sha256(upload) + "\n");
    }

    @Test
    void curlGets413ForAnUploadOverTheLimit(@TempDir Path folder) throws Exception {
        Path file = Files.write(folder.resolve("big.bin"), new byte[4 * LIMIT]);
        Curl.Result curl = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + file,
                http.uri("/digest").toString());
        assertThat(curl.out()).isEqualTo("413");
        assertThat(handled.get()).isZero();
    }
}
