package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a handler reads from a request: query, cookies, form fields, body text in its charset, path values. */
class HttpRequestTest {

    private static HttpRequest request(String target, byte[] body, String... fields) {
        HttpHeaders headers = new HttpHeaders().add("Host", "x");
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new HttpRequest(new HttpRequestHead("POST", target, "HTTP/1.1", headers), body,
                new InetSocketAddress("127.0.0.1", 5000));
    }

    @Test
    void theQueryIsDecodedWithRepeatedNames() {
        HttpRequest request = request("/search?q=caf%C3%A9&tag=a&tag=b&flag", null);
        assertThat(request.path()).isEqualTo("/search");
        assertThat(request.rawQuery()).isEqualTo("q=caf%C3%A9&tag=a&tag=b&flag");
        assertThat(request.query().get("q")).isEqualTo("café");
        assertThat(request.query().getAll("tag")).containsExactly("a", "b");
        assertThat(request.query().has("flag")).isTrue();
        assertThat(request.query().get("missing", "none")).isEqualTo("none");
        assertThat(request("/plain", null).query().names()).isEmpty();
    }

    @Test
    void formFieldsOnlyForAFormBody() {
        byte[] body = "user=ann&tag=x&tag=y".getBytes(StandardCharsets.US_ASCII);
        HttpRequest form = request("/f", body, "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        assertThat(form.mediaType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form.form().get("user")).isEqualTo("ann");
        assertThat(form.form().getAll("tag")).containsExactly("x", "y");
        assertThat(request("/f", body, "Content-Type", "text/plain").form().names()).isEmpty();
    }

    @Test
    void bodyTextFollowsTheCharsetAndDefaultsToUtf8() {
        byte[] latin1 = "Zürich".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(request("/t", latin1, "Content-Type", "text/plain; charset=ISO-8859-1").bodyText()).isEqualTo("Zürich");
        byte[] utf8 = "Zürich".getBytes(StandardCharsets.UTF_8);
        assertThat(request("/t", utf8, "Content-Type", "application/json").bodyText()).isEqualTo("Zürich");
        assertThat(request("/t", utf8, "Content-Type", "text/plain; charset=nonsense").bodyText()).isEqualTo("Zürich");
        byte[] copy = request("/t", utf8).body();
        copy[0] = 0;
        assertThat(request("/t", utf8).bodyLength()).isEqualTo(utf8.length);
    }

    @Test
    void cookiesAndPathValues() {
        HttpRequest request = request("/rooms/1", null, "Cookie", "session=abc; theme=dark")
                .withPathParameters(Map.of("room", "1"));
        assertThat(request.cookie("session")).isEqualTo("abc");
        assertThat(request.cookies()).containsEntry("theme", "dark");
        assertThat(request.pathParameter("room")).isEqualTo("1");
        assertThat(request.pathParameters()).containsOnlyKeys("room");
    }
}
