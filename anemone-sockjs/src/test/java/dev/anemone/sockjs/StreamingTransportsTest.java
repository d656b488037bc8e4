package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** xhr_streaming, eventsource, htmlfile and jsonp, as sockjs-protocol 0.3.3 fixes them. */
class StreamingTransportsTest extends AgainstTestServer {

    private static final String NO_CACHE = "no-store, no-cache, must-revalidate, max-age=0";

    /** 200, never cached, of {@code contentType}: how every receiving transport answers. */
    private static void assertStreamHeaders(Http.Stream r, String contentType) {
        assertThat(r.response.statusCode()).isEqualTo(200);
        assertThat(r.response.headers().firstValue("Content-Type")).hasValue(contentType);
        assertThat(r.response.headers().firstValue("Cache-Control")).hasValue(NO_CACHE);
    }
    @Test
    void xhrStreamingSendsAPreludeThenFrames() throws Exception {
        String url = base + Http.newSession();
        try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
            assertStreamHeaders(r, "application/javascript; charset=UTF-8");
            assertThat(r.response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(r.read(2049)).isEqualTo("h".repeat(2048) + "\n");
            assertThat(r.read("o\n")).isEqualTo("o\n");
            assertThat(Http.post(url + "/xhr_send", "[\"x\"]").statusCode()).isEqualTo(204);
            assertThat(r.read("a[\"x\"]\n")).isEqualTo("a[\"x\"]\n");
        }
    }

    @Test
    void aStreamEndsPastTheResponseLimitAndTheSessionGoesOn() throws Exception {
        String url = base + Http.newSession();
        String message = "x".repeat(128);
        try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
            assertThat(r.read(2049 + 2)).endsWith("o\n");
            // 4 KiB limit: "o\n" and 30 frames of 134 bytes stay under it, the 31st takes the stream past it.
            for (int i = 0; i < 30; i++) {
                assertThat(Http.post(url + "/xhr_send", "[\"" + message + "\"]").statusCode()).isEqualTo(204);
                assertThat(r.read("a[\"" + message + "\"]\n")).isEqualTo("a[\"" + message + "\"]\n");
            }
            assertThat(Http.post(url + "/xhr_send", "[\"" + message + "\"]").statusCode()).isEqualTo(204);
            assertThat(r.rest()).isEqualTo("a[\"" + message + "\"]\n");
        }
        assertThat(Http.post(url + "/xhr_send", "[\"after\"]").statusCode()).isEqualTo(204);
        assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"after\"]\n");
    }

    @Test
    void byDefaultAStreamIsRecycledOnceItCarried128KiB() throws Exception {
        try (SockJsTestServer defaults = new SockJsTestServer(SockJsOptions.defaults())) {
            String url = defaults.base() + "/echo" + Http.newSession();
            String message = "x".repeat(16 * 1024);
            String frame = "a[\"" + message + "\"]\n";
            try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
                assertThat(r.read(2049 + 2)).endsWith("o\n");
                // "o\n" and 7 frames of 16 KiB + 6 bytes stay under 128 KiB; the 8th takes the stream past it.
                for (int i = 0; i < 7; i++) {
                    assertThat(Http.post(url + "/xhr_send", "[\"" + message + "\"]").statusCode()).isEqualTo(204);
                    assertThat(r.read(frame)).isEqualTo(frame);
                }
                assertThat(Http.post(url + "/xhr_send", "[\"" + message + "\"]").statusCode()).isEqualTo(204);
                assertThat(r.rest()).isEqualTo(frame);
            }
            assertThat(Http.post(url + "/xhr_send", "[\"after\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"after\"]\n");
        }
    }

    @Test
    void eventsourceFramesAreEvents() throws Exception {
        String url = base + Http.newSession();
        try (Http.Stream r = Http.Stream.open("GET", url + "/eventsource")) {
            assertStreamHeaders(r, "text/event-stream; charset=UTF-8");
            assertThat(r.read("\r\n")).isEqualTo("\r\n");
            assertThat(r.read("data: o\r\n\r\n")).isEqualTo("data: o\r\n\r\n");
            assertThat(Http.post(url + "/xhr_send", "[\"x\"]").statusCode()).isEqualTo(204);
            assertThat(r.read("data: a[\"x\"]\r\n\r\n")).isEqualTo("data: a[\"x\"]\r\n\r\n");
            assertThat(Http.post(url + "/xhr_send", "[\"  \\u0000\\n\\r %\"]").statusCode()).isEqualTo(204);
            String expected = "data: a[\"  \\u0000\\n\\r %25\"]\r\n\r\n";
            assertThat(r.read(expected)).isEqualTo(expected);
        }
    }

    @Test
    void htmlfileIsAPageOfScripts() throws Exception {
        String url = base + Http.newSession();
        try (Http.Stream r = Http.Stream.open("GET", url + "/htmlfile?c=%63allback")) {
            assertStreamHeaders(r, "text/html; charset=UTF-8");
            // The page is padded as sockjs pads it: past 1024 bytes, then an empty line.
            String head = r.read(1041);
            assertThat(head).contains("var c = parent.callback;").endsWith("\r\n\r\n");
            assertThat(r.read("<script>\np(\"o\");\n</script>\r\n")).isEqualTo("<script>\np(\"o\");\n</script>\r\n");
            assertThat(Http.post(url + "/xhr_send", "[\"x\"]").statusCode()).isEqualTo(204);
            String frame = "<script>\np(\"a[\\\"x\\\"]\");\n</script>\r\n";
            assertThat(r.read(frame)).isEqualTo(frame);
        }
    }

    @Test
    void callbacksAreRequiredAndValidated() throws Exception {
        for (String transport : new String[] {"htmlfile", "jsonp"}) {
            HttpResponse<String> none = Http.get(base + "/a/a/" + transport);
            assertThat(none.statusCode()).isEqualTo(500);
            assertThat(none.body()).isEqualTo("\"callback\" parameter required");
            for (String bad : new String[] {"%20", "*", "abc(", "abc%28", "a".repeat(33), "alert(1)//"}) {
                HttpResponse<String> r = Http.get(base + "/a/a/" + transport + "?c=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(500);
                assertThat(r.body()).isEqualTo("invalid \"callback\" parameter");
            }
        }
    }

    @Test
    void jsonpPollsAndJsonpSendTakesFormsAndText() throws Exception {
        String url = base + Http.newSession();
        HttpResponse<String> open = Http.get(url + "/jsonp?c=x");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("x(\"o\");\r\n");
        assertThat(open.headers().firstValue("Content-Type")).hasValue("application/javascript; charset=UTF-8");
        assertThat(open.headers().firstValue("Cache-Control")).hasValue(NO_CACHE);
        HttpResponse<String> form = Http.post(url + "/jsonp_send", "d=%5B%22abc%22%5D",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).isEqualTo("ok");
        assertThat(form.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
        assertThat(Http.post(url + "/jsonp_send", "[\"%61bc\"]", "Content-Type", "text/plain").body()).isEqualTo("ok");
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"a[\\\"abc\\\",\\\"%61bc\\\"]\");\r\n");
    }

    @Test
    void jsonpSendFaults() throws Exception {
        String url = base + Http.newSession();
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"o\");\r\n");
        HttpResponse<String> broken = Http.post(url + "/jsonp_send", "d=%5B%22x", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("Broken JSON encoding.");
        for (String empty : new String[] {"", "d=", "p=p"}) {
            HttpResponse<String> r = Http.post(url + "/jsonp_send", empty, "Content-Type", "application/x-www-form-urlencoded");
            assertThat(r.statusCode()).as(empty).isEqualTo(500);
            assertThat(r.body()).isEqualTo("Payload expected.");
        }
        assertThat(Http.post(base + Http.newSession() + "/jsonp_send", "[\"x\"]", "Content-Type", "text/plain").statusCode()).isEqualTo(404);
        assertThat(Http.post(url + "/jsonp_send", "d=%5B%22b%22%5D", "Content-Type", "application/x-www-form-urlencoded").body()).isEqualTo("ok");
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"a[\\\"b\\\"]\");\r\n");
    }

    @Test
    void closedSessionOverJsonp() throws Exception {
        String url = server.base() + "/close" + Http.newSession();
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"o\");\r\n");
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"c[3000,\\\"Go away!\\\"]\");\r\n");
        assertThat(Http.get(url + "/jsonp?c=x").body()).isEqualTo("x(\"c[3000,\\\"Go away!\\\"]\");\r\n");
    }

    @Test
    void closingWhileStreamingEndsTheStreamAfterTheCloseFrame() throws Exception {
        String url = server.base() + "/close" + Http.newSession();
        try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
            assertThat(r.read(2049)).isEqualTo("h".repeat(2048) + "\n");
            assertThat(r.rest()).isEqualTo("o\nc[3000,\"Go away!\"]\n");
        }
        try (Http.Stream r = Http.Stream.open("POST", url + "/xhr_streaming")) {
            assertThat(r.rest()).isEqualTo("h".repeat(2048) + "\nc[3000,\"Go away!\"]\n");
        }
    }
}
