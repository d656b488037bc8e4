package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6265 section 5.4: the Cookie header as browsers send it. */
class CookieHeaderTest {

    @Test
    void rfc6265_5_4_pairsFromEveryCookieFieldTheFirstOfANameWinning() {
        HttpHeaders headers = new HttpHeaders().add("Cookie", "session=abc123; theme=\"dark\"")
                .add("cookie", "session=older;lang=en; broken");
        assertThat(CookieHeader.parse(headers)).containsExactly(
                java.util.Map.entry("session", "abc123"), java.util.Map.entry("theme", "dark"),
                java.util.Map.entry("lang", "en"));
        assertThat(CookieHeader.parse(new HttpHeaders())).isEmpty();
    }
}
