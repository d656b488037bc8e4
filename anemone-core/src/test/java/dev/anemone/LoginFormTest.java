package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The book's chapter 6, cookie authentication, on one server: GET a login form, POST the user and
 * password, get a session cookie and a redirect, then open a WebSocket that carries the cookie and
 * is verified by it. A WebSocket without the cookie is refused.
 */
class LoginFormTest {

    private static final String FORM = "<form method=post action=/login><input name=user><input name=password type=password>"
            + "<button>Log in</button></form>";

    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private WebSocketServer server;
    private Http http;

    @BeforeEach
    void start() {
        HttpRoutes routes = new HttpRoutes()
                .get("/login", (request, exchange) -> exchange.respond(HttpResponse.html(200, FORM)))
                .post("/login", (request, exchange) -> {
                    Parameters form = request.form();
                    if (!"s3cret".equals(form.get("password"))) {
                        exchange.respond(HttpResponse.html(401, FORM));
                        return;
                    }
                    byte[] bytes = new byte[16];
                    random.nextBytes(bytes);
                    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    sessions.put(token, form.get("user"));
                    exchange.respond(HttpResponse.redirect(303, "/chat")
                            .withCookie(SetCookie.of("session", token).withSameSite(SetCookie.SameSite.STRICT)));
                });
        server = Servers.echo()
                .endpoint("/chat", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(dev.anemone.WebSocket socket) {
                        socket.send("welcome " + socket.<String>attachment());
                    }
                }).withVerifier(info -> {
                    String user = sessions.get(String.valueOf(info.cookies().get("session")));
                    return CompletableFuture.completedFuture(user != null ? Verdict.accept().attach(user) : Verdict.reject(401));
                }))
                .http(routes)
                .start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void chapter6_loginByFormThenAWebSocketVerifiedByTheSessionCookie() throws Exception {
        java.net.http.HttpResponse<String> form = http.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(form.body()).contains("<form method=post");

        java.net.http.HttpResponse<String> refused = http.send(http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("user=ann&password=wrong")).build());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        java.net.http.HttpResponse<String> login = http.send(http.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("user=ann&password=s3cret")).build());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/chat");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("session=[A-Za-z0-9_-]{22}; Path=/; HttpOnly; SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        CompletableFuture<String> welcome = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/chat"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                welcome.complete(data.toString());
                                return null;
                            }
                        })
                .get(5, TimeUnit.SECONDS);
        assertThat(welcome.get(5, TimeUnit.SECONDS)).isEqualTo("welcome ann");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void chapter6_aWebSocketWithoutTheCookieIsRefused() {
        CompletableFuture<WebSocket> opening = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/chat"), new WebSocket.Listener() { });
        assertThat(opening).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
}
