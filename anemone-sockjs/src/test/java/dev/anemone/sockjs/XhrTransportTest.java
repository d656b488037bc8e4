package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** xhr polling and xhr_send, as sockjs-protocol 0.3.3 fixes them, with the faults it names. */
class XhrTransportTest extends AgainstTestServer {

    @Test
    void pollOpensSendEchoesAndPollReceives() throws Exception {
        String url = base + Http.newSession();
        HttpResponse<String> open = Http.post(url + "/xhr", "", "Origin", "http://example.com");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("o\n");
        assertThat(open.headers().firstValue("Content-Type")).hasValue("application/javascript; charset=UTF-8");
        assertThat(open.headers().firstValue("Cache-Control")).hasValue("no-store, no-cache, must-revalidate, max-age=0");
        assertThat(open.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://example.com");
        assertThat(open.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(open.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> send = Http.post(url + "/xhr_send", "[\"x\"]");
        assertThat(send.statusCode()).isEqualTo(204);
        assertThat(send.body()).isEmpty();
        assertThat(send.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"x\"]\n");
    }

    @Test
    void theServerPartOfTheUrlIsIgnored() throws Exception {
        String session = Http.newSession().substring(5);
        assertThat(Http.post(base + "/000/" + session + "/xhr", "").body()).isEqualTo("o\n");
        assertThat(Http.post(base + "/999/" + session + "/xhr_send", "[\"a\"]").statusCode()).isEqualTo(204);
        assertThat(Http.post(base + "/abc/" + session + "/xhr", "").body()).isEqualTo("a[\"a\"]\n");
    }

    @Test
    void sendToAnUnknownSessionIs404() throws Exception {
        assertThat(Http.post(base + Http.newSession() + "/xhr_send", "[\"x\"]").statusCode()).isEqualTo(404);
    }

    @Test
    void brokenJsonIs500AndTheSessionSurvives() throws Exception {
        String url = base + Http.newSession();
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        for (String broken : new String[] {"[\"x\"", "[\"x\",]", "\"x\"]", "[x]", "[1]", "{}", "[\"\\q\"]"}) {
            HttpResponse<String> r = Http.post(url + "/xhr_send", broken);
            assertThat(r.statusCode()).as(broken).isEqualTo(500);
            assertThat(r.body()).as(broken).isEqualTo("Broken JSON encoding.");
        }
        HttpResponse<String> empty = Http.post(url + "/xhr_send", "");
        assertThat(empty.statusCode()).isEqualTo(500);
        assertThat(empty.body()).isEqualTo("Payload expected.");
        assertThat(Http.post(url + "/xhr_send", "[\"a\"]").statusCode()).isEqualTo(204);
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"a\"]\n");
    }

    @Test
    void sendBodiesAreBounded() throws Exception {
        SockJsOptions small = SockJsTestServer.testOptions().toBuilder().maxSendBodySize(64).build();
        try (SockJsTestServer bounded = new SockJsTestServer(small)) {
            String url = bounded.base() + "/echo" + Http.newSession();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
            HttpResponse<String> big = Http.post(url + "/xhr_send", "[\"" + "x".repeat(100) + "\"]");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.body()).isEqualTo("Payload too large.");
            assertThat(Http.post(url + "/xhr_send", "[\"fits\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"fits\"]\n");
        }
    }

    @Test
    void contentTypesOfSendsAreAllRead() throws Exception {
        String url = base + Http.newSession();
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        String[] types = {"text/plain", "T", "application/json", "application/xml", "text/xml",
            "application/json; charset=utf-8", "text/xml; charset=utf-8", "text/xml;charset=utf-8"};
        for (String type : types) {
            assertThat(Http.post(url + "/xhr_send", "[\"a\"]", "Content-Type", type).statusCode()).isEqualTo(204);
        }
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[" + String.join(",", java.util.Collections.nCopies(types.length, "\"a\"")) + "]\n");
    }

    @Test
    void aSecondReceiverGetsAnotherConnectionStillOpen() throws Exception {
        String url = base + Http.newSession();
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        try (Http.Stream first = Http.Stream.open("POST", url + "/xhr_streaming")) {
            // The prelude is written once the stream is attached to the session.
            assertThat(first.read(2049)).isEqualTo("h".repeat(2048) + "\n");
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("c[2010,\"Another connection still open\"]\n");
            assertThat(Http.post(url + "/xhr_send", "[\"still here\"]").statusCode()).isEqualTo(204);
            assertThat(first.read("a[\"still here\"]\n")).isEqualTo("a[\"still here\"]\n");
        }
    }

    @Test
    void aClosedSessionAnswersEveryReceiverWithItsCloseFrame() throws Exception {
        String url = server.base() + "/close" + Http.newSession();
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("c[3000,\"Go away!\"]\n");
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("c[3000,\"Go away!\"]\n");
    }

    @Test
    void jsessionidCookieWhenAsked() throws Exception {
        String url = server.base() + "/cookie_needed_echo" + Http.newSession();
        HttpResponse<String> r = Http.post(url + "/xhr", "");
        assertThat(r.body()).isEqualTo("o\n");
        assertThat(r.headers().firstValue("Set-Cookie")).hasValue("JSESSIONID=dummy; path=/");
        HttpResponse<String> again = Http.post(url + "/xhr_send", "[\"a\"]", "Cookie", "JSESSIONID=abcdef");
        assertThat(again.headers().firstValue("Set-Cookie")).hasValue("JSESSIONID=abcdef; path=/");
        assertThat(Http.options(server.base() + "/cookie_needed_echo/info").headers().firstValue("Set-Cookie"))
                .hasValue("JSESSIONID=dummy; path=/");
        assertThat(Http.get(server.base() + "/cookie_needed_echo/info").headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void escapingIsTheProtocols() throws Exception {
        String url = base + Http.newSession();
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("o\n");
        StringBuilder killer = new StringBuilder();
        for (int c = 255; c < 65536; c++) {
            if ((c >= 0x200c && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x2060 && c <= 0x206f) || c >= 0xfff0) {
                killer.append(String.format("\\u%04x", c));
            }
        }
        assertThat(Http.post(url + "/xhr_send", "[\"" + killer + "\"]").statusCode()).isEqualTo(204);
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"" + killer + "\"]\n");
    }
}
