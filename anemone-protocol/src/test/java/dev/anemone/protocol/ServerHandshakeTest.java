package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.2: the server reads the opening handshake and answers it. */
class ServerHandshakeTest {

    /** The client handshake of RFC 6455 section 1.2 (with the Origin of section 4.1's example). */
    static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    /** The server handshake of RFC 6455 section 1.2. */
    static final String RFC_RESPONSE = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n";

    static HttpRequestHead head(String request, HeadLimits limits) throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(limits);
        assertThat(parser.feed(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        return parser.request();
    }

    static OpeningRequest check(String request) throws HandshakeException {
        return ServerHandshake.check(head(request, HeadLimits.defaults()));
    }

    static HandshakeException refusal(String request) {
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> check(request));
        assertThat(e).as("refused: %s", request).isNotNull();
        return e;
    }

    private static String without(String header) {
        return RFC_REQUEST.replaceAll("(?m)^" + header + ":[^\r]*\r\n", "");
    }

    private static String replacing(String header, String value) {
        return RFC_REQUEST.replaceAll("(?m)^" + header + ":[^\r]*\r\n", header + ": " + value + "\r\n");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void rfc6455_1_2_answersTheSampleHandshakeByteForByte() throws HandshakeException {
        OpeningRequest request = check(RFC_REQUEST);

        assertThat(text(ServerHandshake.accept(request, "chat", null, null))).isEqualTo(RFC_RESPONSE);
    }

    @Test
    void rfc6455_4_2_1_exposesWhatTheServerNeedsToDecide() throws HandshakeException {
        OpeningRequest request = check(RFC_REQUEST);

        assertThat(request.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(request.protocols()).containsExactly("chat", "superchat");
        assertThat(request.extensions()).isEmpty();
        assertThat(request.origin()).isEqualTo("http://example.com");
        assertThat(request.head().path()).isEqualTo("/chat");
        assertThat(ServerHandshake.isUpgradeRequest(request.head())).isTrue();
    }

    @Test
    void rfc6455_4_2_1_headerNamesAndTokensAreCaseInsensitiveAndConnectionIsAList() throws HandshakeException {
        String request = "GET / HTTP/1.1\r\nhOsT: h\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, Upgrade\r\n"
                + "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n";

        assertThat(check(request).key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    }

    @ParameterizedTest(name = "RFC 6455 4.2.1: Connection: {0}")
    @ValueSource(strings = {"Upgrade", "upgrade", "keep-alive, Upgrade", "keep-alive,upgrade", "Upgrade , close",
            "keep-alive\r\nConnection: Upgrade"})
    void rfc6455_4_2_1_connectionMayListOtherTokens(String value) throws HandshakeException {
        assertThat(check(replacing("Connection", value)).key()).isNotNull();
    }

    @ParameterizedTest(name = "RFC 6455 4.2.1: Connection: {0} is refused")
    @ValueSource(strings = {"keep-alive", "Upgrade-Insecure-Requests", "\"Upgrade\"x", "close"})
    void rfc6455_4_2_1_connectionWithoutTheUpgradeTokenIsRefused(String value) {
        HandshakeException e = refusal(replacing("Connection", value));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Connection");
    }

    /** (missing or bad header, the request, what the 400 must name). */
    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("no Host", without("Host"), "Host"),
                arguments("two Hosts", RFC_REQUEST.replace("Host: server.example.com\r\n",
                        "Host: a\r\nHost: b\r\n"), "Host"),
                arguments("empty Host", replacing("Host", ""), "Host"),
                arguments("no Upgrade", without("Upgrade"), "Upgrade"),
                arguments("Upgrade: h2c", replacing("Upgrade", "h2c"), "Upgrade"),
                arguments("no Connection", without("Connection"), "Connection"),
                arguments("no Sec-WebSocket-Key", without("Sec-WebSocket-Key"), "Sec-WebSocket-Key"),
                arguments("a key of 15 bytes", replacing("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"), "Sec-WebSocket-Key"),
                arguments("a key of 17 bytes", replacing("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="), "Sec-WebSocket-Key"),
                arguments("a key without padding", replacing("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ"), "Sec-WebSocket-Key"),
                arguments("a key that is not base64", replacing("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25j*Q=="), "Sec-WebSocket-Key"),
                arguments("two keys", RFC_REQUEST.replace("Origin:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin:"),
                        "Sec-WebSocket-Key"),
                arguments("no Sec-WebSocket-Version", without("Sec-WebSocket-Version"), "Sec-WebSocket-Version"),
                arguments("a subprotocol that is not a token", replacing("Sec-WebSocket-Protocol", "chat, a b"),
                        "Sec-WebSocket-Protocol"),
                arguments("a repeated subprotocol", replacing("Sec-WebSocket-Protocol", "chat, chat"),
                        "Sec-WebSocket-Protocol"),
                arguments("a body", RFC_REQUEST.replace("Origin:", "Content-Length: 5\r\nOrigin:"), "Content-Length"));
    }

    @ParameterizedTest(name = "RFC 6455 4.2.1: 400 for {0}")
    @MethodSource("badRequests")
    void rfc6455_4_2_1_aBadRequestIs400NamingTheHeader(String what, String request, String header) throws HandshakeException {
        HandshakeException e = refusal(request);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains(header);

        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        ByteBuffer answer = ByteBuffer.wrap(ServerHandshake.reject(e));
        assertThat(parser.feed(answer)).isTrue();
        HttpResponseHead response = parser.response();
        String body = StandardCharsets.UTF_8.decode(answer).toString();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).isEqualTo("Bad Request");
        assertThat(body).contains(header);
        assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        assertThat(response.headers().get("Connection")).isEqualTo("close");
    }

    @ParameterizedTest(name = "RFC 6455 4.2.2: version {0} gets 426")
    @ValueSource(strings = {"8", "12", "14", "13, 8", "", "thirteen"})
    void rfc6455_4_4_anotherVersionIs426WithTheSupportedVersion(String version) throws HandshakeException {
        HandshakeException e = refusal(replacing("Sec-WebSocket-Version", version));

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        String answer = text(ServerHandshake.reject(e));
        assertThat(answer).startsWith("HTTP/1.1 426 Upgrade Required\r\n").contains("\r\nSec-WebSocket-Version: 13\r\n");
    }

    @Test
    void rfc6455_4_4_aRepeatedVersionHeaderIs426() {
        assertThat(refusal(RFC_REQUEST.replace("Origin:", "Sec-WebSocket-Version: 13\r\nOrigin:")).status()).isEqualTo(426);
    }

    @ParameterizedTest(name = "RFC 6455 4.2.1: method {0} gets 405")
    @ValueSource(strings = {"POST", "HEAD", "get", "CONNECT"})
    void rfc6455_4_2_1_aMethodOtherThanGetIs405(String method) {
        HandshakeException e = refusal(RFC_REQUEST.replaceFirst("GET", method));

        assertThat(e.status()).isEqualTo(405);
        assertThat(e.headers().get("Allow")).isEqualTo("GET");
        assertThat(text(ServerHandshake.reject(e))).startsWith("HTTP/1.1 405 Method Not Allowed\r\n");
    }

    @Test
    void rfc6455_4_2_1_http10Is505() {
        assertThat(refusal(RFC_REQUEST.replace("HTTP/1.1", "HTTP/1.0")).status()).isEqualTo(505);
    }

    @ParameterizedTest(name = "RFC 9110 15.6.6: {0} gets 505")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/2.1", "HTTP/0.9"})
    void rfc9110_15_6_6_aMajorVersionOtherThan1Is505(String version) {
        HandshakeException e = refusal(RFC_REQUEST.replace("HTTP/1.1", version));

        assertThat(e.status()).isEqualTo(505);
        assertThat(text(ServerHandshake.reject(e))).startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
    }

    @ParameterizedTest(name = "{0} is accepted for an upgrade")
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.2", "HTTP/1.9"})
    void rfc6455_4_2_1_http11AndLater1xAreAccepted(String version) throws HandshakeException {
        assertThat(check(RFC_REQUEST.replace("HTTP/1.1", version)).key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    }

    /** A head built by hand rather than parsed: check() reads its version as numbers, not as text. */
    private static HandshakeException refusalOfVersion(String version) throws HandshakeException {
        HttpRequestHead parsed = head(RFC_REQUEST, HeadLimits.defaults());
        HttpRequestHead request = new HttpRequestHead(parsed.method(), parsed.target(), version, parsed.headers());
        return catchThrowableOfType(HandshakeException.class, () -> ServerHandshake.check(request));
    }

    @Test
    void rfc9112_2_3_theVersionIsComparedAsNumbersNotAsText() throws HandshakeException {
        // As text, each of these sorts after "HTTP/1.1" and passed.
        for (String version : List.of("HTTP/2.0", "HTTP/10.0", "HTTP/9")) {
            HandshakeException e = refusalOfVersion(version);
            assertThat(e).as("%s refused", version).isNotNull();
            assertThat(e.status()).as(version).isIn(400, 505);
        }
        assertThat(refusalOfVersion("HTTP/2.0").status()).isEqualTo(505);
        for (String version : List.of("HTTP/1.10", "HTTP/1.1x", "HTTP/1.1 ", "http/1.1", "HTTP/1.x", "")) {
            HandshakeException e = refusalOfVersion(version);
            assertThat(e).as("'%s' refused", version).isNotNull();
            assertThat(e.status()).as("'%s' is malformed", version).isEqualTo(400);
        }
        assertThat(refusalOfVersion("HTTP/1.0").status()).isEqualTo(505);
        assertThat(refusalOfVersion("HTTP/1.1")).isNull();
    }

    @Test
    void rfc9110_15_5_15_aRequestLineOverTheLimitIs414() {
        String huge = RFC_REQUEST.replace("GET /chat", "GET /chat?" + "q".repeat(9000));

        assertThatThrownBy(() -> check(huge))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(414));
        assertThat(text(ServerHandshake.reject(414, "too long", null)))
                .startsWith("HTTP/1.1 414 URI Too Long\r\n");
    }

    @Test
    void aRequestWithoutUpgradeIsPlainHttp() throws HandshakeException {
        assertThat(ServerHandshake.isUpgradeRequest(head("GET / HTTP/1.1\r\nHost: h\r\n\r\n", HeadLimits.defaults())))
                .isFalse();
    }

    @Test
    void rfc6455_4_2_1_theHandshakeParsesTheSameInAnyChunking() throws HandshakeException {
        byte[] request = RFC_REQUEST.getBytes(StandardCharsets.ISO_8859_1);
        for (int chunk = 1; chunk <= 16; chunk++) {
            HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
            boolean complete = false;
            for (int at = 0; at < request.length; at += chunk) {
                complete = parser.feed(ByteBuffer.wrap(request, at, Math.min(chunk, request.length - at)));
            }
            assertThat(complete).isTrue();
            assertThat(ServerHandshake.check(parser.request()).protocols()).as("chunk %d", chunk)
                    .containsExactly("chat", "superchat");
        }
    }

    @Test
    void rfc6585_5_aHeadOverTheLimitsIs431() {
        String huge = RFC_REQUEST.replace("Origin:", "X-Pad: " + "p".repeat(9000) + "\r\nOrigin:");

        assertThatThrownBy(() -> check(huge))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThat(text(ServerHandshake.reject(431, "too big", null)))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void rfc6455_4_2_2_theAnswerCarriesTheChosenSubprotocolExtensionsAndExtraHeaders() throws HandshakeException {
        OpeningRequest request = check(replacing("Sec-WebSocket-Protocol", "chat, superchat")
                .replace("Origin:", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nOrigin:"));

        String answer = text(ServerHandshake.accept(request, "superchat", "permessage-deflate",
                new HttpHeaders().add("Set-Cookie", "id=1")));

        assertThat(request.extensions()).containsExactly("permessage-deflate; client_max_window_bits");
        assertThat(answer).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .contains("\r\nSec-WebSocket-Protocol: superchat\r\n")
                .contains("\r\nSec-WebSocket-Extensions: permessage-deflate\r\n")
                .contains("\r\nSet-Cookie: id=1\r\n")
                .endsWith("\r\n\r\n");
    }

    @Test
    void rfc6455_4_2_2_withoutAChoiceThereIsNoSubprotocolOrExtensionHeader() throws HandshakeException {
        String answer = text(ServerHandshake.accept(check(RFC_REQUEST), null, "", null));

        assertThat(answer).doesNotContainIgnoringCase("Sec-WebSocket-Protocol").doesNotContainIgnoringCase("Extensions");
    }

    @Test
    void rfc6455_4_2_2_onlyAnOfferedSubprotocolMayBeChosen() throws HandshakeException {
        OpeningRequest request = check(RFC_REQUEST);
        OpeningRequest none = check(without("Sec-WebSocket-Protocol"));

        assertThatThrownBy(() -> ServerHandshake.accept(request, "mqtt", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mqtt");
        assertThatThrownBy(() -> ServerHandshake.accept(request, "CHAT", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(none, "chat", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extraHeadersCannotSplitTheResponse() throws HandshakeException {
        OpeningRequest request = check(RFC_REQUEST);

        assertThatThrownBy(() -> ServerHandshake.accept(request, null, null,
                new HttpHeaders().add("X-A", "1\r\nX-Injected: 2"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(request, null, null,
                new HttpHeaders().add("Bad Name", "1"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Splitting header lists is linear: a megabyte of separators is no denial of service. */
    @ParameterizedTest(name = "a 1 MB Sec-WebSocket-Protocol of \"{0}\"")
    @ValueSource(strings = {", ", ",", " ", " ,\t"})
    void aMegabyteOfSeparatorsInAHeaderIsProcessedQuickly(String unit) {
        String value = unit.repeat(1_000_000 / unit.length()) + "chat";
        String request = replacing("Sec-WebSocket-Protocol", "x").replace("Sec-WebSocket-Protocol: x", "Sec-WebSocket-Protocol: " + value);
        HeadLimits raised = new HeadLimits(2_000_000, 100);

        List<String> protocols = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            HttpHeadParser parser = new HttpHeadParser(raised);
            ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(parser.feed(bytes)).isTrue();
            return ServerHandshake.check(parser.request()).protocols();
        });

        assertThat(protocols).containsExactly("chat");
    }

    @Test
    void aMegabyteOfCommasInConnectionIsProcessedQuickly() {
        String request = replacing("Connection", ",".repeat(1_000_000) + "Upgrade");

        String key = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> ServerHandshake.check(head(request, new HeadLimits(2_000_000, 100))).key());

        assertThat(key).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    }
}
