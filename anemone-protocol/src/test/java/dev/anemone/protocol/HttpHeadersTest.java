package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 fields: case-insensitive names (5.1), lists (5.6.1), tokens (5.6.2). */
class HttpHeadersTest {

    @Test
    void rfc9110_5_6_1_listsAreSplitAtCommasOutsideQuotesAndEmptyElementsDropped() {
        HttpHeaders headers = new HttpHeaders()
                .add("Sec-WebSocket-Extensions", " a; x=\"1,2\" ,, b ,")
                .add("sec-websocket-extensions", "c; q=\"\\\"\", d");

        assertThat(headers.elements("SEC-WEBSOCKET-EXTENSIONS"))
                .containsExactly("a; x=\"1,2\"", "b", "c; q=\"\\\"\"", "d");
    }

    @Test
    void rfc9110_5_1_namesAreCaseInsensitive() {
        HttpHeaders headers = new HttpHeaders().add("Connection", "keep-alive, Upgrade").add("X", "1");

        assertThat(headers.get("connection")).isEqualTo("keep-alive, Upgrade");
        assertThat(headers.containsToken("CONNECTION", "upgrade")).isTrue();
        assertThat(headers.containsToken("Connection", "upgrad")).isFalse();
        assertThat(headers.get("missing")).isNull();
        assertThat(headers.elements("missing")).isEmpty();
        assertThat(headers.count("x")).isEqualTo(1);
    }

    @Test
    void addAllKeepsOrder() {
        HttpHeaders headers = new HttpHeaders().add("A", "1").addAll(new HttpHeaders().add("B", "2").add("A", "3"));

        assertThat(headers.toString()).isEqualTo("A: 1\r\nB: 2\r\nA: 3\r\n");
        assertThat(headers.getAll("a")).containsExactly("1", "3");
    }

    @ParameterizedTest(name = "\"{0}\" is a token")
    @ValueSource(strings = {"websocket", "chat.v2", "a!#$%&'*+-.^_`|~z", "13"})
    void rfc9110_5_6_2_tokens(String token) {
        assertThat(HttpHeaders.isToken(token)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is not a token")
    @ValueSource(strings = {"", "a b", "a,b", "a;b", "\"a\"", "a/b", "é", "a=b", "a\tb"})
    void rfc9110_5_6_2_notTokens(String text) {
        assertThat(HttpHeaders.isToken(text)).isFalse();
    }

    @Test
    void theWriterRefusesWhatCouldSplitAHead() {
        assertThatThrownBy(() -> new HttpHeadWriter("HTTP/1.1 200 OK").field("X", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpHeadWriter("HTTP/1.1 200 OK").field("X", "a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpHeadWriter("HTTP/1.1 200 OK").field("X:", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(new HttpHeadWriter("HTTP/1.1 200 OK").field("X", "é").toBytes(),
                java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\nX: é\r\n\r\n");
    }

    @Test
    void anUnterminatedQuoteKeepsTheLastElementSoItCanBeRefused() {
        HttpHeaders headers = new HttpHeaders().add("Sec-WebSocket-Protocol", "chat, \"x");
        assertThat(headers.elements("Sec-WebSocket-Protocol")).containsExactly("chat", "\"x");
    }
}
