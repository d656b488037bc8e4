package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.HttpHeadParser;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HeadLimits;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedHandshakeTest {

    private static final String BROWSER_HEAD = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: example.com:8080\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: http://example.com:8080\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-GB,en;q=0.9\r\n"
            + "Cookie: session=abc:def; theme=dark\r\n"
            + "Cookie: second=1\r\n"
            + "X-Empty: \r\n"
            + "X-Latin: caf\u00e9\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n";

    @Test
    void unpacksTheParsedHeadersFieldForFieldInOrder() throws Exception {
        HttpHeaders parsed = parse(BROWSER_HEAD);
        URI uri = URI.create("ws://example.com:8080/chat?room=1");

        byte[] packed = PackedHandshake.pack(uri, "chat", List.of("permessage-deflate; server_no_context_takeover"), parsed);
        HttpHeaders unpacked = PackedHandshake.headers(packed);

        assertThat(PackedHandshake.uri(packed)).isEqualTo(uri);
        assertThat(PackedHandshake.protocol(packed)).isEqualTo("chat");
        assertThat(PackedHandshake.extensions(packed)).containsExactly("permessage-deflate; server_no_context_takeover");
        assertThat(unpacked.size()).isEqualTo(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(unpacked.name(i)).isEqualTo(parsed.name(i));
            assertThat(unpacked.value(i)).isEqualTo(parsed.value(i));
        }
        assertThat(unpacked.getAll("cookie")).containsExactly("session=abc:def; theme=dark", "second=1");
        assertThat(unpacked.get("X-Empty")).isEmpty();
    }

    @Test
    void withoutHeadersKeepsTheRestAndSaysTheHeadersWereDropped() throws Exception {
        URI uri = URI.create("ws://example.com:8080/chat?room=1");
        byte[] packed = PackedHandshake.pack(uri, "chat", List.of("permessage-deflate", "x-other"), parse(BROWSER_HEAD));

        byte[] dropped = PackedHandshake.withoutHeaders(packed);

        assertThat(PackedHandshake.uri(dropped)).isEqualTo(uri);
        assertThat(PackedHandshake.protocol(dropped)).isEqualTo("chat");
        assertThat(PackedHandshake.extensions(dropped)).containsExactly("permessage-deflate", "x-other");
        assertThat(dropped.length).as("a browser's head no longer held").isLessThan(packed.length / 4);
        assertThatThrownBy(() -> PackedHandshake.headers(dropped)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepingHandshakeHeaders()");
        assertThat(PackedHandshake.withoutHeaders(dropped)).isSameAs(dropped);
    }

    @Test
    void noHeadersAtAllAreNotDroppedHeaders() {
        byte[] packed = PackedHandshake.pack(URI.create("ws://h/"), null, List.of(), new HttpHeaders());
        assertThat(PackedHandshake.headers(packed).size()).isZero();
    }

    @Test
    void holdsOneArrayAboutTheSizeOfTheHead() throws Exception {
        byte[] packed = PackedHandshake.pack(URI.create("ws://example.com:8080/chat?room=1"), null, List.of(),
                parse(BROWSER_HEAD));

        assertThat(packed.length).isLessThan(BROWSER_HEAD.length());
    }

    @Test
    void eachCallGivesAFreshCopySoNoCallerCanChangeWhatTheNextOneSees() throws Exception {
        byte[] packed = PackedHandshake.pack(URI.create("ws://h/"), null, List.of("x-ext"), parse(BROWSER_HEAD));

        PackedHandshake.headers(packed).add("X-Added", "by a caller");

        assertThat(PackedHandshake.headers(packed).get("X-Added")).isNull();
        assertThat(PackedHandshake.extensions(packed)).containsExactly("x-ext").isUnmodifiable();
    }

    @Test
    void noHeadersAtAll() {
        byte[] packed = PackedHandshake.pack(URI.create("ws://h/"), null, List.of(), new HttpHeaders());

        assertThat(PackedHandshake.headers(packed).size()).isZero();
        assertThat(PackedHandshake.uri(packed)).isEqualTo(URI.create("ws://h/"));
        assertThat(PackedHandshake.protocol(packed)).isEmpty();
        assertThat(PackedHandshake.extensions(packed)).isEmpty();
    }

    @Test
    void refusesFieldsNoParserMakesRatherThanUnpackSomethingElse() {
        HttpHeaders folded = new HttpHeaders().add("X-Folded", "one\ntwo");
        HttpHeaders colon = new HttpHeaders().add("X:Y", "v");

        assertThatThrownBy(() -> PackedHandshake.pack(URI.create("ws://h/"), null, List.of(), folded))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PackedHandshake.pack(URI.create("ws://h/"), null, List.of(), colon))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpHeaders parse(String head) throws Exception {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        assertThat(parser.feed(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        return parser.request().headers();
    }
}
