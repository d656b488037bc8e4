package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 3: ws and wss URIs (and http/https as aliases, as the WHATWG spec allows). */
class WebSocketUriTest {

    @ParameterizedTest(name = "RFC 6455 3: {0}")
    @CsvSource({
            "ws://example.com/chat,              false, example.com, 80,   /chat,          example.com",
            "wss://example.com/chat,             true,  example.com, 443,  /chat,          example.com",
            "http://example.com/chat,            false, example.com, 80,   /chat,          example.com",
            "https://example.com/chat,           true,  example.com, 443,  /chat,          example.com",
            "WS://Example.com,                   false, Example.com, 80,   /,              Example.com",
            "ws://example.com,                   false, example.com, 80,   /,              example.com",
            "ws://example.com:8080/a/b,          false, example.com, 8080, /a/b,           example.com:8080",
            "wss://example.com:80/,              true,  example.com, 80,   /,              example.com:80",
            "ws://example.com:80/,               false, example.com, 80,   /,              example.com",
            "wss://example.com:443/,             true,  example.com, 443,  /,              example.com",
            "ws://example.com/p?q=1&r=%2F,       false, example.com, 80,   /p?q=1&r=%2F,   example.com",
            "ws://example.com?q,                 false, example.com, 80,   /?q,            example.com",
            "ws://example.com/a%20b/?x=%20,      false, example.com, 80,   /a%20b/?x=%20,  example.com",
            "ws://127.0.0.1:9000/,               false, 127.0.0.1,   9000, /,              127.0.0.1:9000",
            "ws://[::1]/,                        false, ::1,         80,   /,              [::1]",
            "wss://[2001:db8::7]:8443/x?y,       true,  2001:db8::7, 8443, /x?y,           [2001:db8::7]:8443",
    })
    void rfc6455_3_parsesSchemeHostPortAndResourceName(String uri, boolean secure, String host, int port,
                                                       String resource, String hostHeader) {
        WebSocketUri parsed = WebSocketUri.parse(uri);

        assertThat(parsed.secure()).isEqualTo(secure);
        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(parsed.resourceName()).isEqualTo(resource);
        assertThat(parsed.hostHeader()).isEqualTo(hostHeader);
    }

    @ParameterizedTest(name = "RFC 6455 3: {0} is refused")
    @ValueSource(strings = {"ws://example.com/chat#frag", "ws://example.com/#", "wss://example.com?q#f"})
    void rfc6455_3_aFragmentIsRefused(String uri) {
        assertThatThrownBy(() -> WebSocketUri.parse(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"ftp://example.com/", "example.com/chat", "/chat", "ws:///chat", "ws://exa mple.com/",
            "mailto:a@example.com", "ws://"})
    void rfc6455_3_otherSchemesAndUrisWithoutAHostAreRefused(String uri) {
        assertThatThrownBy(() -> WebSocketUri.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofAcceptsAJavaUri() {
        assertThat(WebSocketUri.of(URI.create("wss://example.com/x"))).isEqualTo(new WebSocketUri(true, "example.com", 443, "/x"));
    }

    @Test
    void toStringIsTheCanonicalForm() {
        assertThat(WebSocketUri.parse("https://[::1]:444/a?b").toString()).isEqualTo("wss://[::1]:444/a?b");
        assertThat(WebSocketUri.parse("http://example.com:80").toString()).isEqualTo("ws://example.com/");
    }
}
