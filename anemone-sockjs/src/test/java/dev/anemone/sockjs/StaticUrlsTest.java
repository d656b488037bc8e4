package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The URLs outside sessions, as sockjs-protocol 0.3.3 fixes them: greeting, /info, the iframe page, 404s. */
class StaticUrlsTest extends AgainstTestServer {

    @Test
    void greetingWithAndWithoutSlash() throws Exception {
        for (String url : new String[] {base, base + "/"}) {
            HttpResponse<String> r = Http.get(url);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
            assertThat(r.body()).isEqualTo("Welcome to SockJS!\n");
        }
    }

    @Test
    void unknownUrlsAre404() throws Exception {
        for (String suffix : new String[] {"/a", "/a.html", "//", "///", "/a/a/", "/a/a/a/", "/a/a/xhr_nope",
                "/iframe.htm", "/iframe", "/IFRAME.HTML", "/iframe.xml", "/iframe-/.html", "/a.b/c/xhr"}) {
            assertThat(Http.post(base + suffix, "").statusCode()).as(suffix).isEqualTo(404);
        }
    }

    @Test
    void iframePageIsCachedWithItsEtag() throws Exception {
        for (String suffix : new String[] {"/iframe.html", "/iframe-a.html", "/iframe-0.1.2.html", "/iframe-0.1.2abc-dirty.2144.html"}) {
            HttpResponse<String> r = Http.get(base + suffix);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000");
            assertThat(r.headers().firstValue("Expires")).isPresent();
            assertThat(r.headers().firstValue("ETag")).get().asString().matches("\"[0-9a-f]{32}\"");
            assertThat(r.headers().firstValue("Last-Modified")).isEmpty();
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(r.body()).contains("<script src=\"" + SockJsOptions.DEFAULT_SOCKJS_URL + "\"></script>")
                    .contains("SockJS.bootstrap_iframe();");
        }
        String etag = Http.get(base + "/iframe.html").headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(base + "/iframe.html").headers().firstValue("ETag")).hasValue(etag);
        HttpResponse<String> notModified = Http.get(base + "/iframe.html", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("Content-Type")).isEmpty();
        assertThat(notModified.body()).isEmpty();
        assertThat(Http.get(base + "/iframe.html", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void infoSaysWhatTheServerDoes() throws Exception {
        HttpResponse<String> r = Http.get(base + "/info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store, no-cache, must-revalidate, max-age=0");
        assertThat(r.headers().firstValue("Expires")).isEmpty();
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.body()).matches("\\{\"websocket\":true,\"origins\":\\[\"\\*:\\*\"],\"cookie_needed\":false,\"entropy\":\\d+}");
        assertThat(Http.get(base + "/info").body()).isNotEqualTo(r.body()); // the entropy differs
        assertThat(Http.get(server.base() + "/cookie_needed_echo/info").body()).contains("\"cookie_needed\":true");
        assertThat(Http.get(server.base() + "/disabled_websocket_echo/info").body()).contains("\"websocket\":false");
    }

    @Test
    void infoEchoesTheOriginButNotNull() throws Exception {
        assertThat(Http.get(base + "/info", "Origin", "http://example.com").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://example.com");
        assertThat(Http.get(base + "/info", "Origin", "null").headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void preflightsAreCachedForAYear() throws Exception {
        String[][] urls = {{"/info", "OPTIONS, GET"}, {"/abc/abc/xhr", "OPTIONS, POST"},
            {"/abc/abc/xhr_send", "OPTIONS, POST"}, {"/abc/abc/xhr_streaming", "OPTIONS, POST"}};
        for (String[] url : urls) {
            for (String origin : new String[] {null, "test", "null"}) {
                HttpResponse<String> r = origin == null ? Http.options(base + url[0])
                        : Http.options(base + url[0], "Origin", origin, "Access-Control-Request-Headers", "a, b, c");
                assertThat(r.statusCode()).isEqualTo(204);
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000");
                assertThat(r.headers().firstValue("Expires")).isPresent();
                assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("31536000");
                assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue(url[1]);
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin == null || origin.equals("null") ? "*" : origin);
                assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
                if (origin != null) {
                    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("a, b, c");
                }
                assertThat(r.body()).isEmpty();
            }
        }
    }

    @Test
    void websocketUrlsWithoutAnUpgradeAre400AndOnlyGet() throws Exception {
        for (String path : new String[] {"/websocket", "/0/0/websocket"}) {
            HttpResponse<String> get = Http.get(base + path);
            assertThat(get.statusCode()).isEqualTo(400);
            assertThat(get.body()).isEqualTo("Can \"Upgrade\" only to \"WebSocket\".");
            HttpResponse<String> post = Http.post(base + path, "");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            assertThat(post.headers().firstValue("Content-Type")).isEmpty();
            assertThat(post.body()).isEmpty();
        }
        assertThat(Http.get(server.base() + "/disabled_websocket_echo/websocket").statusCode()).isEqualTo(404);
        assertThat(Http.get(server.base() + "/disabled_websocket_echo/0/0/websocket").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> r = Http.get(base + "/abc/abc/xhr");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
        assertThat(r.body()).isEmpty();
        assertThat(Http.post(base + "/abc/abc/eventsource", "").statusCode()).isEqualTo(405);
        assertThat(Http.get(base + "/abc/abc/jsonp_send").statusCode()).isEqualTo(405);
    }
}
