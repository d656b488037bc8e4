package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.anemone.protocol.HandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Endpoints by pattern against real connections: exact paths, templates with their values on the
 * socket and in the verifier, prefixes, the trailing-slash rule, the query left out of the match,
 * and the precedence exact > template > prefix. Each endpoint's listener answers a connection's
 * opening with what the socket knows of where it belongs.
 */
@Timeout(60)
class EndpointPatternTest {

    /** Sends, on open, the endpoint's pattern, the path requested and the values. */
    private static final WebSocketListener WHERE = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket) {
            socket.send(socket.endpoint() + " " + socket.path() + " " + socket.pathParams());
        }
    };

    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", WHERE)
                .endpoint("/chat/lobby", WHERE)
                .endpoint("/chat/{room}", Endpoint.of(WHERE).withVerifier(ClientVerifier.sync(info ->
                        "vault".equals(info.pathParam("room")) ? Verdict.reject(403) : Verdict.accept())))
                .endpoint("/chat/{room}/{user}", WHERE)
                .endpoint("/chat/lobby/{user}", WHERE)
                .endpoint("/files/*", WHERE)
                .endpoint("/files/private/*/", WHERE)
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String whereIs(String pathAndQuery) throws Exception {
        Events events = new Events();
        WebSocket socket = WebSocketClient.shared().connect(uri(pathAndQuery), events).get(5, TimeUnit.SECONDS);
        try {
            assertThat(events.next()).isEqualTo("open ");
            return events.next();
        } finally {
            socket.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private int refusal(String path) throws Exception {
        CompletableFuture<WebSocket> connecting = WebSocketClient.shared().connect(uri(path), new Events());
        ExecutionException failed = catchThrowableOfType(() -> connecting.get(5, TimeUnit.SECONDS),
                ExecutionException.class);
        assertThat(failed).as(path + " is refused").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(HandshakeException.class);
        return ((HandshakeException) failed.getCause()).status();
    }

    @Test
    void anExactPathMatchesWithOrWithoutATrailingSlashAndWithoutItsQuery() throws Exception {
        assertThat(whereIs("/echo")).isEqualTo("text /echo /echo {}");
        assertThat(whereIs("/echo/")).isEqualTo("text /echo /echo/ {}");
        assertThat(whereIs("/echo?token=abc")).isEqualTo("text /echo /echo {}");
        assertThat(refusal("/echo/more")).isEqualTo(404);
        assertThat(refusal("/ECHO")).isEqualTo(404);
    }

    @Test
    void aTemplateGivesItsValuesToTheSocketPercentDecoded() throws Exception {
        assertThat(whereIs("/chat/room1")).isEqualTo("text /chat/{room} /chat/room1 {room=room1}");
        assertThat(whereIs("/chat/room1/?x=1")).isEqualTo("text /chat/{room} /chat/room1/ {room=room1}");
        assertThat(whereIs("/chat/caf%C3%A9/ann")).isEqualTo("text /chat/{room}/{user} /chat/caf%C3%A9/ann {room=café, user=ann}");
        assertThat(refusal("/chat/")).as("a variable matches no empty segment").isEqualTo(404);
        assertThat(refusal("/chat/a/b/c")).isEqualTo(404);
    }

    @Test
    void theVerifierSeesTheValues() throws Exception {
        assertThat(refusal("/chat/vault")).isEqualTo(403);
        assertThat(whereIs("/chat/hall")).startsWith("text /chat/{room} ");
    }

    @Test
    void aPrefixCoversItsPathAndEverythingBelowTheLongestFirst() throws Exception {
        assertThat(whereIs("/files")).isEqualTo("text /files/* /files {*=}");
        assertThat(whereIs("/files/a/b%20c.txt")).isEqualTo("text /files/* /files/a/b%20c.txt {*=a/b c.txt}");
        assertThat(whereIs("/files/private/key")).isEqualTo("text /files/private/* /files/private/key {*=key}");
        assertThat(refusal("/filesystem")).isEqualTo(404);
    }

    @Test
    void exactBeatsTemplateAndTheMoreLiteralTemplateBeatsTheOther() throws Exception {
        assertThat(whereIs("/chat/lobby")).isEqualTo("text /chat/lobby /chat/lobby {}");
        assertThat(whereIs("/chat/lobby/ann")).isEqualTo("text /chat/lobby/{user} /chat/lobby/ann {user=ann}");
        assertThat(whereIs("/chat/hall/ann")).isEqualTo("text /chat/{room}/{user} /chat/hall/ann {room=hall, user=ann}");
    }

    @Test
    void aTemplateBeatsAPrefixAndAnyPrefixBeatsNothing() throws Exception {
        try (WebSocketServer catchAll = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/*", WHERE).endpoint("/chat/{room}", WHERE).endpoint("/chat/lobby", WHERE).start()) {
            URI base = URI.create("ws://127.0.0.1:" + catchAll.port());
            for (String[] expected : new String[][] {
                {"/chat/lobby", "text /chat/lobby /chat/lobby {}"},
                {"/chat/hall", "text /chat/{room} /chat/hall {room=hall}"},
                {"/chat/hall/ann", "text /* /chat/hall/ann {*=chat/hall/ann}"},
                {"/", "text /* / {*=}"}}) {
                Events events = new Events();
                WebSocket socket = WebSocketClient.shared().connect(base.resolve(expected[0]), events).get(5, TimeUnit.SECONDS);
                assertThat(events.next()).isEqualTo("open ");
                assertThat(events.next()).as(expected[0]).isEqualTo(expected[1]);
                socket.close();
            }
        }
    }

    @Test
    void theJdkClientReachesATemplateAndItsDecodedValue() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        java.net.http.WebSocket jdk = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri("/chat/r%C3%B6%C3%B6m"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("/chat/{room} /chat/r%C3%B6%C3%B6m {room=rööm}");
        jdk.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPlainHttpRequestAtATemplatePathIsToldToUpgrade() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/chat/room1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(426);
        HttpResponse<String> nowhere = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nowhere")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nowhere.statusCode()).isEqualTo(404);
    }

    @Test
    void theBuilderRefusesAPatternThatIsNotOne() {
        WebSocketServer.Builder builder = WebSocketServer.builder();
        assertThatThrownBy(() -> builder.endpoint("echo", WHERE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.endpoint("/chat/{room", WHERE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole segment");
        assertThatThrownBy(() -> builder.endpoint("/files/*/x", WHERE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declaringAPatternAgainTrailingSlashOrNotReplacesItsEndpoint() throws Exception {
        WebSocketListener other = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.send("replaced");
            }
        };
        try (WebSocketServer replaced = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", WHERE).endpoint("/echo/", other).start()) {
            Events events = new Events();
            WebSocket socket = WebSocketClient.shared()
                    .connect(URI.create("ws://127.0.0.1:" + replaced.port() + "/echo"), events).get(5, TimeUnit.SECONDS);
            assertThat(events.nextStartingWith("text")).isEqualTo("text replaced");
            assertThat(replaced.clients("/echo/")).as("one endpoint, named either way").hasSize(1);
            socket.close();
        }
    }
}
