package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A session as the application sees it: open, messages, close, faults in its callbacks, timeouts,
 * heartbeats, and the bounds on sessions per address and queued messages.
 */
class SessionLifecycleTest {

    private static SockJsOptions options(Duration heartbeat, Duration disconnectDelay) {
        return SockJsTestServer.testOptions().toBuilder().heartbeat(heartbeat).disconnectDelay(disconnectDelay).build();
    }

    private static String next(SockJsTestServer server) throws InterruptedException {
        String event = server.events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    @Test
    void aGracefulStopClosesEverySessionWith1001OnWhateverReceivesItsFrames() throws Exception {
        SockJsTestServer server = new SockJsTestServer(options(Duration.ofSeconds(25), Duration.ofSeconds(5)));
        try {
            String closeFrame = "c[1001,\"server shutting down\"]";
            String streaming = server.base() + "/echo" + Http.newSession();
            String polling = server.base() + "/echo" + Http.newSession();
            WebSocketTransportTest.Received framed = new WebSocketTransportTest.Received();
            try (Http.Stream stream = Http.Stream.open("POST", streaming + "/xhr_streaming")) {
                assertThat(stream.read(2049 + 2)).endsWith("o\n");
                assertThat(Http.post(polling + "/xhr", "").body()).isEqualTo("o\n");
                CompletableFuture<HttpResponse<String>> poll = Http.CLIENT.sendAsync(
                        java.net.http.HttpRequest.newBuilder(URI.create(polling + "/xhr"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitHandled(server, "POST " + URI.create(polling).getPath() + "/xhr", 2);
                Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.server.port()
                        + "/echo" + Http.newSession() + "/websocket"), framed).get(10, TimeUnit.SECONDS);
                assertThat(framed.next()).isEqualTo("o");
                for (int i = 0; i < 3; i++) {
                    assertThat(next(server)).isEqualTo("open");
                }

                server.server.stop(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

                assertThat(stream.rest()).as("the streaming response").isEqualTo(closeFrame + "\n");
                assertThat(poll.get(10, TimeUnit.SECONDS).body()).as("the waiting poll").isEqualTo(closeFrame + "\n");
                assertThat(framed.next()).as("the framed WebSocket").isEqualTo(closeFrame);
                // The session's close is its frame; the WebSocket under it then closes normally, as sockjs-node's does.
                assertThat(framed.next()).isEqualTo("close 1000 ");
                for (int i = 0; i < 3; i++) {
                    assertThat(next(server)).isEqualTo("close 1001 server shutting down true");
                }
            }
        } finally {
            server.close();
        }
    }

    /** Waits until the server has handled {@code request} ("METHOD PATH") {@code times} times. */
    private static void awaitHandled(SockJsTestServer server, String request, int times) throws InterruptedException {
        for (int seen = 0; seen < times; ) {
            String handled = server.handled.poll(10, TimeUnit.SECONDS);
            assertThat(handled).as("the server handling %s within 10 s", request).isNotNull();
            if (handled.equals(request)) {
                seen++;
            }
        }
    }

    @Test
    void aSessionThatNobodyPollsTimesOutAndCloses() throws Exception {
        try (SockJsTestServer server = new SockJsTestServer(options(Duration.ofSeconds(25), Duration.ofMillis(300)))) {
            String url = server.base() + "/echo" + Http.newSession();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(next(server)).isEqualTo("open");
            assertThat(next(server)).isEqualTo("close 1006  false");
            assertThat(Http.post(url + "/xhr_send", "[\"late\"]").statusCode()).isEqualTo(404);
            assertThat(server.echo.sessionCount()).isZero();
        }
    }

    @Test
    void aReceiverWhoseClientLeavesClosesTheSessionAtOnce() throws Exception {
        try (SockJsTestServer server = new SockJsTestServer(options(Duration.ofSeconds(25), Duration.ofSeconds(30)))) {
            String url = server.base() + "/echo" + Http.newSession();
            try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
                assertThat(r.read(2049 + 2)).endsWith("o\n");
                assertThat(next(server)).isEqualTo("open");
            }
            // Not after the 30 s disconnect delay: the client went away mid-response.
            assertThat(next(server)).isEqualTo("close 1006 Connection interrupted false");
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        }
    }

    @Test
    void heartbeatsReachAWaitingReceiver() throws Exception {
        try (SockJsTestServer server = new SockJsTestServer(options(Duration.ofMillis(200), Duration.ofSeconds(5)))) {
            String url = server.base() + "/echo" + Http.newSession();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("h\n");
            try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
                assertThat(r.read(2049)).endsWith("\n");
                assertThat(r.read("h\nh\n")).isEqualTo("h\nh\n");
            }
        }
    }

    @Test
    void aCallbackThatThrowsClosesItsSessionWith1011AndNoOther() throws Exception {
        try (SockJsTestServer server = new SockJsTestServer(SockJsTestServer.testOptions())) {
            String bad = server.base() + "/echo" + Http.newSession();
            String good = server.base() + "/echo" + Http.newSession();
            assertThat(Http.post(bad + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(good + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(bad + "/xhr_send", "[\"before\",\"throw\",\"after\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(bad + "/xhr", "").body()).isEqualTo("a[\"before\"]\n");
            assertThat(Http.post(bad + "/xhr", "").body()).isEqualTo("c[1011,\"Internal error\"]\n");
            assertThat(Http.post(good + "/xhr_send", "[\"fine\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(good + "/xhr", "").body()).isEqualTo("a[\"fine\"]\n");
            assertThat(java.util.List.of(next(server), next(server), next(server), next(server)))
                    .containsExactly("open", "open", "error the application failed", "close 1011 Internal error true");
        }
    }

    @Test
    void sessionsPerAddressAreBounded() throws Exception {
        SockJsOptions two = SockJsTestServer.testOptions().toBuilder().maxSessionsPerAddress(2).build();
        try (SockJsTestServer server = new SockJsTestServer(two)) {
            String base = server.base() + "/echo";
            assertThat(Http.post(base + Http.newSession() + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(base + Http.newSession() + "/xhr", "").body()).isEqualTo("o\n");
            HttpResponse<String> third = Http.post(base + Http.newSession() + "/xhr", "");
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.body()).isEqualTo("Too many sessions from this address.");
        }
    }

    @Test
    void behindATrustedProxySessionsAreCountedByTheForwardedClient() throws Exception {
        SockJsOptions one = SockJsTestServer.testOptions().toBuilder().maxSessionsPerAddress(1).build();
        try (SockJsService service = SockJsService.create("/echo", new EchoListener(), one);
             WebSocketServer server = service.mount(WebSocketServer.builder().host("127.0.0.1").port(0)
                     .trustedProxies("127.0.0.1")).start()) {
            String base = "http://127.0.0.1:" + server.port() + "/echo";
            String a = "203.0.113.1";
            assertThat(Http.post(base + Http.newSession() + "/xhr", "", "X-Forwarded-For", a).body()).isEqualTo("o\n");
            assertThat(Http.post(base + Http.newSession() + "/xhr", "", "X-Forwarded-For", a).statusCode())
                    .as("a second session of the same client").isEqualTo(503);
            assertThat(Http.post(base + Http.newSession() + "/xhr", "", "X-Forwarded-For", "203.0.113.2").body())
                    .as("another client behind the same proxy").isEqualTo("o\n");
        }
    }

    @Test
    void aClientThatDoesNotPollCannotQueueWithoutBound() throws Exception {
        SockJsOptions few = SockJsTestServer.testOptions().toBuilder().maxQueuedMessages(3).build();
        try (SockJsTestServer server = new SockJsTestServer(few)) {
            String url = server.base() + "/echo" + Http.newSession();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(url + "/xhr_send", "[\"1\",\"2\",\"3\",\"4\"]").statusCode()).isEqualTo(204);
            // The echo of the fourth finds the queue full: what was queued goes out, then the close.
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"1\",\"2\",\"3\"]\n");
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("c[1008,\"Too many messages waiting\"]\n");
        }
    }
}
