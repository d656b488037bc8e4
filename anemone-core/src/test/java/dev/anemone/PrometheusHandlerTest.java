package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket.Listener;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metrics one line away: {@code .metrics("/metrics")} serves Prometheus text on the server's own
 * port, read here by the JDK's {@code HttpClient} and by {@code curl}, and every other request is
 * answered as before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusHandlerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    /** Released each time the server has seen a connection close. */
    private final Semaphore serverSawClose = new Semaphore(0);
    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .endpoint("/echo", new EchoListener() {
                    @Override
                    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                        serverSawClose.release();
                    }
                })
                .metrics("/metrics")
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private java.net.http.HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), BodyHandlers.ofString());
    }

    @Test
    void aScrapeShowsWhatTheServerDidInTheTextFormat() throws Exception {
        echoOnceWithTheJdkClient();

        java.net.http.HttpResponse<String> first = get("/metrics");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue(MetricsText.PROMETHEUS_CONTENT_TYPE);
        PrometheusScrape scrape = PrometheusScrape.parse(first.body());
        assertThat(scrape.value("anemone_connections_opened_total")).isEqualTo(1);
        assertThat(scrape.value("anemone_connections_open")).isZero();
        assertThat(scrape.value("anemone_connections_closed_total", Map.of("code", "1000"))).isEqualTo(1);
        assertThat(scrape.value("anemone_messages_received_total")).isEqualTo(1);
        assertThat(scrape.value("anemone_messages_sent_total")).isEqualTo(1);
        assertThat(scrape.value("anemone_bytes_received_total")).isPositive();
        assertThat(scrape.family("anemone_http_responses_total").samples()).as("the scrape counts after it answers").isEmpty();

        PrometheusScrape second = PrometheusScrape.parse(get("/metrics").body());
        assertThat(second.value("anemone_http_responses_total", Map.of("status", "200"))).isEqualTo(1);
    }

    @Test
    void curlReadsTheSameText() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-i", url("/metrics")).redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).isZero();
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: " + MetricsText.PROMETHEUS_CONTENT_TYPE + "\r\n");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(PrometheusScrape.parse(body).value("anemone_connections_opened_total")).isZero();
    }

    @Test
    void otherRequestsGetWhatTheyGotBefore() throws Exception {
        assertThat(get("/echo").statusCode()).as("the endpoint's path, by plain HTTP").isEqualTo(426);
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/more").statusCode()).isEqualTo(404);
        java.net.http.HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        java.net.http.HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(server.metrics().httpResponses()).isEqualTo(Map.of(200, 1L, 404, 2L, 405, 1L, 426, 1L));
    }

    @Test
    void theApplicationsOwnHandlerKeepsEveryOtherPath() throws Exception {
        try (WebSocketServer withPages = Servers.echo()
                .http((request, exchange) -> exchange.respond(HttpResponse.text(200, "page " + request.path())))
                .metrics("/stats")
                .start()) {
            String base = "http://127.0.0.1:" + withPages.port();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), BodyHandlers.ofString())
                    .body()).isEqualTo("page /metrics\n");
            String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(), BodyHandlers.ofString())
                    .body();
            assertThat(PrometheusScrape.parse(stats).value("anemone_http_responses_total", Map.of("status", "200")))
                    .isEqualTo(1);
        }
    }

    @Test
    void oneServerCanServeAnothersMetrics() throws Exception {
        echoOnceWithTheJdkClient();
        try (WebSocketServer admin = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .http(PrometheusHandler.of(server)).start()) {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/")).build(),
                    BodyHandlers.ofString()).body();
            assertThat(PrometheusScrape.parse(text).value("anemone_messages_received_total")).isEqualTo(1);
        }
    }

    /** One message there and back with the JDK's WebSocket client, then a normal close, seen through by the server. */
    private void echoOnceWithTheJdkClient() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        java.net.http.WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        socket.sendText("hello", true).join();
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        socket.sendClose(1000, "done").join();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        // The server counts the close when the TCP connection is gone, which may be after the client heard its Close.
        assertThat(serverSawClose.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }
}
