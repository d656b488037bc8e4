package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoHubTest {

    @Test
    void servesTheIndexAndEveryPageOnThePlainPortAndSendsAuthToTheTlsPort() throws Exception {
        try (DemoHub hub = DemoHub.start(DemoHub.all(), "127.0.0.1", 0, TestTls.server(), 0)) {
            String plain = "http://127.0.0.1:" + hub.port();
            HttpResponse<String> index = Http.get(plain + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            for (String page : List.of("/echo/", "/ticker/", "/chat/", "/chat/sockjs.html", "/time/", "/stomp/", "/auth/")) {
                assertThat(index.body()).contains("href=\"" + page + "\"");
            }
            for (String page : List.of("/echo/", "/ticker/", "/chat/", "/chat/sockjs.html", "/time/")) {
                HttpResponse<String> answer = Http.get(plain + page);
                assertThat(answer.statusCode()).as(page).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).as(page).hasValue("text/html; charset=utf-8");
                assertThat(answer.body()).as(page).contains("/reconnect.js");
            }
            assertThat(Http.get(plain + "/common.css").statusCode()).isEqualTo(200);
            assertThat(Http.get(plain + "/chat/sockjs.min.js").body()).startsWith("/* sockjs-client v1.6.1");
            assertThat(Http.get(plain + "/chat/sockjs-client-LICENSE.txt").body()).contains("MIT License");
            assertThat(Http.get(plain + "/chat-sockjs/info").body()).contains("\"websocket\":true");
            assertThat(Http.get(plain + "/nothing-here").statusCode()).isEqualTo(404);

            HttpResponse<String> auth = Http.get(plain + "/auth/");
            assertThat(auth.statusCode()).isEqualTo(302);
            assertThat(auth.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + hub.tlsPort() + "/auth/");
            HttpResponse<String> secureHome = Http.get("https://localhost:" + hub.tlsPort() + "/");
            assertThat(secureHome.headers().firstValue("Location")).hasValue("/auth/");
        }
    }

    @Test
    void oneExampleAloneIsWhereTheIndexLeads() throws Exception {
        try (DemoHub hub = DemoHub.start(List.of(new Chat()), "127.0.0.1", 0, null, 0)) {
            HttpResponse<String> home = Http.get("http://127.0.0.1:" + hub.port() + "/");
            assertThat(home.statusCode()).isEqualTo(302);
            assertThat(home.headers().firstValue("Location")).hasValue("/chat/");
            assertThat(hub.tlsPort()).isEqualTo(-1);
        }
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> DemoHub.start(DemoHub.all(), "127.0.0.1", taken.getLocalPort(), TestTls.server(), 0))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void aSecureExampleNeedsTls() {
        assertThatThrownBy(() -> DemoHub.start(List.of(new CookieAuth()), "127.0.0.1", 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[auth] need TLS");
    }
}
