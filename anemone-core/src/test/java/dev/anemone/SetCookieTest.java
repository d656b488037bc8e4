package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6265 section 4.1: Set-Cookie as the server writes it. */
class SetCookieTest {

    @Test
    void rfc6265_4_1_aSessionCookieIsHttpOnlyAndLaxByDefault() {
        assertThat(SetCookie.of("session", "abc").headerValue()).isEqualTo("session=abc; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void rfc6265_4_1_everyAttributeInItsPlace() {
        SetCookie cookie = SetCookie.of("id", "\"x1\"").withPath("/app").withDomain("example.com")
                .withMaxAge(Duration.ofHours(1)).withSecure(true).withSameSite(SetCookie.SameSite.NONE);
        assertThat(cookie.headerValue())
                .isEqualTo("id=\"x1\"; Path=/app; Domain=example.com; Max-Age=3600; Secure; HttpOnly; SameSite=None");
        assertThat(SetCookie.of("id", "1").withHttpOnly(false).withSameSite(null).withPath(null).headerValue())
                .isEqualTo("id=1");
    }

    @Test
    void rfc6265_3_1_anExpiredCookieDeletesIt() {
        assertThat(SetCookie.expired("session").headerValue()).isEqualTo("session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a;b", "a,b", "a\"b", "a\\b", "é", "a\r\nSet-Cookie: admin=1"})
    void rfc6265_4_1_1_valuesThatWouldCorruptTheHeaderAreRefused(String value) {
        assertThatThrownBy(() -> SetCookie.of("id", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreTokensAndAttributesCannotBreakOut() {
        assertThatThrownBy(() -> SetCookie.of("a=b", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SetCookie.of("id", "1").withPath("/; Secure")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SetCookie.of("id", "1").withMaxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameSiteNoneWithoutSecureIsRefusedAsBrowsersWould() {
        SetCookie cookie = SetCookie.of("id", "1").withSameSite(SetCookie.SameSite.NONE);
        assertThatThrownBy(cookie::headerValue).isInstanceOf(IllegalStateException.class);
    }
}
