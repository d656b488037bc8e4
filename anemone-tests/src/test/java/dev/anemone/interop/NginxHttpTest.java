package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.HttpStream;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.HttpHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's plain HTTP routes through nginx running the docs' recipe, with the JDK's
 * HttpClient over http:// and over https:// (TLS ending at nginx): answers and request bodies
 * pass both ways, the handler sees the client's address and scheme in the forwarded headers, a
 * body over the recipe's limit is refused by nginx, and a stream (server-sent events) reaches the
 * client as the server writes it, not when the response ends ({@code proxy_buffering off}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxHttpTest {

    private static final Duration TIMEOUT = EventLog.TIMEOUT;

    private WebSocketServer server;
    private Nginx nginx;
    private HttpClient http;
    /** Completed by the test when a stream may send its second event and end. */
    private volatile CompletableFuture<Void> secondEvent = new CompletableFuture<>();

    @BeforeAll
    void start() {
        HttpRoutes routes = new HttpRoutes()
                .get("/hello/{name}", (request, exchange) -> exchange.respond(
                        HttpResponse.text(200, "Hello, " + request.pathParameter("name"))))
                .post("/echo", (request, exchange) -> exchange.respond(
                        HttpResponse.of(200, "application/octet-stream", request.body())))
                .get("/forwarded", (request, exchange) -> exchange.respond(HttpResponse.text(200,
                        request.header("X-Forwarded-For") + "|" + request.header("X-Forwarded-Proto") + "|"
                                + request.header("Forwarded"))))
                .get("/events", (request, exchange) -> {
                    HttpStream events = exchange.stream(200,
                            new HttpHeaders().add("Content-Type", "text/event-stream"));
                    events.write("data: first\n\n");
                    secondEvent.thenRun(() -> {
                        events.write("data: second\n\n");
                        events.end();
                    });
                });
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1).http(routes).start();
        nginx = Nginx.inFrontOf(server.port());
        // HTTP/1.1 as browsers speak it to a server without HTTP/2: no h2c upgrade offered.
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(InteropTls.client().tls().sslContext())
                .connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        server.close();
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"http", "https"})
    void routesAnswerThroughNginx(String scheme) throws Exception {
        var hello = http.send(get(scheme, "/hello/nginx"), BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("Hello, nginx\n");

        byte[] body = Payloads.binary(256 * 1024);
        var echoed = http.send(HttpRequest.newBuilder(nginx.uri(scheme, "/echo")).timeout(TIMEOUT)
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo(body);

        assertThat(http.send(get(scheme, "/nowhere"), BodyHandlers.ofString()).statusCode())
                .as("the server's 404, passed on").isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"http", "https"})
    void theHandlerSeesTheClientAndItsScheme(String scheme) throws Exception {
        var answer = http.send(get(scheme, "/forwarded"), BodyHandlers.ofString());

        assertThat(answer.body()).isEqualTo("127.0.0.1|" + scheme + "|for=127.0.0.1;proto=" + scheme + "\n");
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"http", "https"})
    void aBodyOverTheRecipesLimitIsRefusedByNginx(String scheme) throws Exception {
        var refused = http.send(HttpRequest.newBuilder(nginx.uri(scheme, "/echo")).timeout(TIMEOUT)
                .POST(BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])).build(), BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
    }

    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"http", "https"})
    void aStreamReachesTheClientAsTheServerWritesIt(String scheme) throws Exception {
        secondEvent = new CompletableFuture<>();
        var response = http.sendAsync(get(scheme, "/events"), BodyHandlers.ofLines())
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (Stream<String> lines = response.body()) {
            Iterator<String> events = lines.iterator();
            // The server holds the second event back until the first has arrived: were nginx
            // buffering, the first would wait for the end of the response, and so for ever.
            CompletableFuture<String> first = CompletableFuture.supplyAsync(events::next);
            assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("data: first");
            secondEvent.complete(null);
            assertThat(events.next()).isEmpty();
            assertThat(events.next()).isEqualTo("data: second");
        } finally {
            secondEvent.complete(null);
        }
    }

    private HttpRequest get(String scheme, String path) {
        URI uri = nginx.uri(scheme, path);
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    }
}
