package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole answers: the helpers' media types and charsets, redirects, cookies, and statuses that can be sent. */
class HttpResponseTest {

    @Test
    void helpersNameTheirMediaTypeAndCharset() {
        assertThat(HttpResponse.text(200, "hi").headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(HttpResponse.html(200, "<p>é</p>").headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(HttpResponse.html(200, "<p>é</p>").body()).isEqualTo("<p>é</p>".getBytes(StandardCharsets.UTF_8));
        assertThat(HttpResponse.json(200, "{}").headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(HttpResponse.of(204).body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void rfc9110_15_4_redirectsCarryTheirLocation(int status) {
        HttpResponse redirect = HttpResponse.redirect(status, "/next");
        assertThat(redirect.status()).isEqualTo(status);
        assertThat(redirect.headers().get("Location")).isEqualTo("/next");
    }

    @Test
    void onlyRedirectStatusesRedirectAndOnlyFinalStatusesAnswer() {
        assertThatThrownBy(() -> HttpResponse.redirect(304, "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpResponse.of(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpResponse.of(1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookiesAndHeadersAddUpWithoutChangingTheOriginal() {
        HttpResponse plain = HttpResponse.text(200, "ok");
        HttpResponse more = plain.withCookie(SetCookie.of("a", "1")).withCookie(SetCookie.of("b", "2"));
        assertThat(more.headers().getAll("Set-Cookie")).hasSize(2);
        assertThat(plain.headers().get("Set-Cookie")).isNull();
    }
}
