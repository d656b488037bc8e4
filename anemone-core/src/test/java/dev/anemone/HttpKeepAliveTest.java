package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 9112 section 9: connections kept alive between requests, pipelined, timed out, and upgraded later. */
class HttpKeepAliveTest {

    private static final int BIG = 48 * 1024 * 1024;

    private final BlockingQueue<HttpExchange> held = new LinkedBlockingQueue<>();
    private WebSocketServer server;

    private WebSocketServer start(WebSocketServer.Builder builder) {
        server = builder.http(new HttpRoutes()
                        // The client's port tells which connection a request came on.
                        .get("/port", (request, exchange) ->
                                exchange.respond(HttpResponse.text(200, Integer.toString(request.remoteAddress().getPort()))))
                        .get("/fast", (request, exchange) -> exchange.respond(HttpResponse.text(200, "fast")))
                        .get("/slow", (request, exchange) -> held.add(exchange))
                        .get("/big", (request, exchange) -> exchange.respond(HttpResponse.of(200, "application/octet-stream",
                                new byte[BIG])))
                        .post("/echo", (request, exchange) -> exchange.respond(HttpResponse.text(200, request.bodyText()))))
                .start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rfc9112_9_3_theJdkClientSendsTwoRequestsOnOneConnection() throws Exception {
        Http http = new Http(start(Servers.echo()).port());
        String first = http.get("/port").body();
        String second = http.get("/port").body();
        assertThat(second).as("the client port of the second request").isEqualTo(first);
    }

    @Test
    void rfc9112_9_3_curlReusesTheConnectionForASecondUrl() throws Exception {
        Http http = new Http(start(Servers.echo()).port());
        Curl.Result curl = Curl.run("-v", http.uri("/port").toString(), http.uri("/port").toString());
        assertThat(curl.err()).contains("Re-using existing connection");
        String[] ports = curl.out().split("\n");
        assertThat(ports).hasSize(2);
        assertThat(ports[1]).isEqualTo(ports[0]);
    }

    @Test
    void rfc9112_9_6_connectionCloseIsHonoured() throws IOException {
        start(Servers.echo());
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse answer = peer.readResponse("GET");
            assertThat(answer.text()).isEqualTo("fast\n");
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(peer.awaitEof(5_000)).as("the server closed").isTrue();
        }
    }

    @Test
    void rfc9112_9_3_http10ClosesUnlessItAsksForKeepAlive() throws IOException {
        start(Servers.echo());
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /fast HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readResponse("GET").header("Connection")).isEqualTo("close");
            assertThat(peer.awaitEof(5_000)).isTrue();
        }
        try (RawPeer peer = new RawPeer(server.port())) {
            for (int i = 0; i < 2; i++) {
                peer.write("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                RawResponse answer = peer.readResponse("GET");
                assertThat(answer.header("Connection")).isEqualTo("keep-alive");
                assertThat(answer.text()).isEqualTo("fast\n");
            }
        }
    }

    @Test
    void rfc9112_9_3_2_pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsAnsweredLater() throws Exception {
        start(Servers.echo());
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write(("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpExchange slow = held.poll(5, TimeUnit.SECONDS);
            assertThat(slow).as("the first request reached its handler").isNotNull();
            assertThat(peer.socket().getInputStream().available()).as("nothing answered before the first").isZero();
            new Thread(() -> slow.respond(HttpResponse.text(200, "slow"))).start();

            assertThat(peer.readResponse("GET").text()).isEqualTo("slow\n");
            assertThat(peer.readResponse("POST").text()).isEqualTo("hello\n");
            assertThat(peer.readResponse("GET").text()).isEqualTo("fast\n");
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws IOException {
        start(Servers.echo().keepAliveTimeout(Duration.ofMillis(300)));
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readResponse("GET").header("Connection")).as("kept alive").isNull();
            assertThat(peer.awaitEof(5_000)).as("closed once idle").isTrue();
        }
    }

    @Test
    void aSlowSecondHeadStillTimesOut() throws IOException {
        start(Servers.echo().handshakeTimeout(Duration.ofMillis(500)));
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            peer.readResponse("GET");
            peer.write("GET /fast HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.awaitEof(5_000)).as("dropped by the handshake timeout").isTrue();
        }
    }

    @Test
    void aLaterRequestOnTheSameConnectionUpgradesToWebSocket() throws IOException {
        start(Servers.echo());
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readResponse("GET").text()).isEqualTo("fast\n");
            peer.open("/echo");
            peer.write(RawPeer.text("upgraded after HTTP"));
            assertThat(peer.readFrame().text()).isEqualTo("upgraded after HTTP");
        }
    }

    @Test
    void aLargeAnswerToASlowReaderOutlivesTheTimeoutsWhileTheReaderMakesProgress() throws Exception {
        start(Servers.echo().keepAliveTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(2)));
        try (RawPeer peer = new RawPeer(server.port())) {
            peer.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readHead()).contains("Content-Length: " + BIG);
            InputStream in = peer.socket().getInputStream();
            byte[] piece = new byte[64 * 1024];
            long received = 0;
            long started = System.nanoTime();
            for (int n = in.read(piece); n > 0; n = in.read(piece)) {
                received += n;
                if (received >= BIG) {
                    break;
                }
                // A slow reader on purpose (at most 64 KiB per 5 ms): the answer takes longer than
                // the timeouts, most of it waiting in the server's queue rather than the kernel's.
                Thread.sleep(5);
            }
            assertThat(received).as("bytes of the answer received").isEqualTo(BIG);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the reading outlasted the timeouts")
                    .isGreaterThan(Duration.ofSeconds(2));
        }
    }
}
