package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CookieAuthTest {

    private DemoHub hub;
    private String site;
    private URI socket;

    private void start(CookieAuth auth) {
        hub = DemoHub.start(List.of(auth), "127.0.0.1", 0, TestTls.server(), 0);
        site = "https://localhost:" + hub.tlsPort();
        socket = URI.create("wss://localhost:" + hub.tlsPort() + "/auth/ws");
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** Logs in and returns the Cookie header to send. */
    private String logIn() throws Exception {
        HttpResponse<String> login = Http.postForm(site + "/auth/login", "username=test&password=test");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/auth/");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(CookieAuth.COOKIE + "=").contains("; Path=/auth", "; Secure", "; HttpOnly",
                "; SameSite=Strict", "; Max-Age=3600");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theWssEndpointTakesALoggedInBrowserFromThisSiteOnly() throws Exception {
        start(new CookieAuth());
        assertThat(Peer.refusal(socket, TestTls.client("Origin", site))).as("no cookie").isEqualTo(401);
        assertThat(Http.postForm(site + "/auth/login", "username=test&password=nope").statusCode()).isEqualTo(401);
        assertThat(Http.get(site + "/auth/").headers().firstValue("Location")).hasValue("/auth/login.html");
        assertThat(Http.get(site + "/auth/login.html").statusCode()).isEqualTo(200);

        String cookie = logIn();
        HttpResponse<String> page = Http.get(site + "/auth/", "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hello, WebSocket");
        Peer in = Peer.connect(socket, TestTls.client("Origin", site, "Cookie", cookie));
        assertThat(in.nextText()).startsWith("Hello, test");
        in.send("hi");
        assertThat(in.nextText()).isEqualTo("test said: hi");

        assertThat(Peer.refusal(socket, TestTls.client("Origin", "https://evil.example", "Cookie", cookie))).isEqualTo(403);
        assertThat(Peer.refusal(socket, TestTls.client("Origin", "http://localhost:" + hub.tlsPort(), "Cookie", cookie)))
                .isEqualTo(403);
        assertThat(Peer.refusal(socket, TestTls.client("Cookie", cookie))).as("no origin").isEqualTo(403);
        assertThat(Peer.refusal(socket, TestTls.client("Origin", site, "Cookie", CookieAuth.COOKIE + "=guessed")))
                .isEqualTo(401);

        HttpResponse<String> logout = Http.postForm(site + "/auth/logout", "", "Cookie", cookie);
        assertThat(in.next()).as("logging out ends the connection").isEqualTo("close 4001 Session over");
        assertThat(logout.headers().firstValue("Location")).hasValue("/auth/login.html");
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(cleared ->
                assertThat(cleared).startsWith(CookieAuth.COOKIE + "=;").contains("Max-Age=0", "Path=/auth"));
        assertThat(Peer.refusal(socket, TestTls.client("Origin", site, "Cookie", cookie))).as("logged out").isEqualTo(401);
    }

    @Test
    void sessionsEndAndAreCapped() throws Exception {
        start(new CookieAuth(Duration.ofMillis(1500), 1));
        HttpResponse<String> login = Http.postForm(site + "/auth/login", "username=test&password=test");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(Http.postForm(site + "/auth/login", "username=test&password=test").statusCode()).as("over the cap").isEqualTo(503);
        Peer in = Peer.connect(socket, TestTls.client("Origin", site, "Cookie", cookie));
        assertThat(in.nextText()).startsWith("Hello");
        assertThat(in.next()).as("the connection ends with its session").isEqualTo("close 4001 Session over");
        assertThat(Peer.refusal(socket, TestTls.client("Origin", site, "Cookie", cookie))).isEqualTo(401);
        assertThat(Http.postForm(site + "/auth/login", "username=test&password=test").statusCode()).as("room again").isEqualTo(303);
    }

    @Test
    void overPlainHttpTheUpgradeIsRefused() throws Exception {
        CookieAuth auth = new CookieAuth();
        // Mounted on a plain server (the hub never does this): the check of TLS still holds.
        HttpRoutes routes = new HttpRoutes();
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).http(routes);
        auth.mount(builder, routes);
        try (WebSocketServer plain = builder.start()) {
            String origin = "http://localhost:" + plain.port();
            assertThat(Peer.refusal(URI.create("ws://localhost:" + plain.port() + "/auth/ws"),
                    ClientOptions.builder().header("Origin", origin).header("Cookie", CookieAuth.COOKIE + "=x").build())).isEqualTo(403);
        }
    }
}
