package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9112 message heads, read incrementally, with the RFC 6585 431 limits. */
class HttpHeadParserTest {

    static final String REQUEST = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "X-Empty:\r\n"
            + "X-Spaces:   padded value \t \r\n"
            + "\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpRequestHead parseRequest(String head) throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        assertThat(parser.feed(ByteBuffer.wrap(ascii(head)))).as("head complete").isTrue();
        return parser.request();
    }

    private static HandshakeException refusal(String head) {
        return catchThrowableOfType(HandshakeException.class, () -> parseRequest(head));
    }

    @Test
    void rfc9112_parsesRequestLineAndFields() throws HandshakeException {
        HttpRequestHead request = parseRequest(REQUEST);

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/chat?room=1");
        assertThat(request.path()).isEqualTo("/chat");
        assertThat(request.query()).isEqualTo("room=1");
        assertThat(request.version()).isEqualTo("HTTP/1.1");
        assertThat(request.headers().get("host")).isEqualTo("server.example.com");
        assertThat(request.headers().get("X-Empty")).isEmpty();
        assertThat(request.headers().get("x-spaces")).as("optional whitespace trimmed").isEqualTo("padded value");
        assertThat(request.headers().size()).isEqualTo(5);
    }

    @Test
    void rfc9112_aHeadFedInAnyChunkingIsCompleteExactlyAtItsLastByte() throws HandshakeException {
        byte[] head = ascii(REQUEST);
        for (int chunk = 1; chunk <= head.length; chunk++) {
            HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
            for (int at = 0; at < head.length; at += chunk) {
                int end = Math.min(head.length, at + chunk);
                boolean complete = parser.feed(ByteBuffer.wrap(head, at, end - at));
                assertThat(complete).as("chunk %d, after byte %d", chunk, end).isEqualTo(end == head.length);
            }
            assertThat(parser.request().headers().toString()).as("chunk %d", chunk)
                    .isEqualTo(parseRequest(REQUEST).headers().toString());
            assertThat(parser.size()).isEqualTo(head.length);
        }
    }

    @Test
    void rfc6455_4_1_bytesAfterTheHeadStayInTheBuffer() throws HandshakeException {
        byte[] frame = Hex.bytes("81 05 48656c6c6f");
        byte[] wire = Hex.concat(ascii(REQUEST), frame);
        for (int split = 0; split < ascii(REQUEST).length; split++) {
            HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
            assertThat(parser.feed(ByteBuffer.wrap(wire, 0, split))).isFalse();
            ByteBuffer rest = ByteBuffer.wrap(wire, split, wire.length - split);

            assertThat(parser.feed(rest)).isTrue();

            assertThat(Hex.of(rest)).as("split at %d", split).isEqualTo(Hex.of(frame));
            assertThat(parser.feed(rest)).as("a complete parser consumes nothing more").isTrue();
            assertThat(rest.remaining()).isEqualTo(frame.length);
        }
    }

    @Test
    void rfc9112_2_2_bareLfLineEndingsAreAccepted() throws HandshakeException {
        HttpRequestHead request = parseRequest(REQUEST.replace("\r\n", "\n"));

        assertThat(request.headers().get("Upgrade")).isEqualTo("websocket");
        assertThat(request.target()).isEqualTo("/chat?room=1");
    }

    @Test
    void rfc9112_2_2_leadingBlankLinesAreIgnored() throws HandshakeException {
        assertThat(parseRequest("\r\n\n\r\n" + REQUEST).method()).isEqualTo("GET");
    }

    @Test
    void rfc6585_5_endlessBlankLinesStillHitTheByteLimit() {
        HttpHeadParser parser = new HttpHeadParser(new HeadLimits(1024, 100));
        ByteBuffer blankLines = ByteBuffer.wrap(ascii("\r\n".repeat(10_000)));

        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> parser.feed(blankLines));

        assertThat(e).as("an endless head is refused").isNotNull();
        assertThat(e.status()).isEqualTo(431);
        assertThat(blankLines.position()).as("refused as soon as the limit passes").isLessThanOrEqualTo(1025);
    }

    // ---------------------------------------------------------------- 431

    private static String headOfExactly(int bytes) {
        String start = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ";
        return start + "p".repeat(bytes - start.length() - 4) + "\r\n\r\n";
    }

    @Test
    void rfc6585_5_aHeadOfExactlyTheByteLimitIsAccepted() throws HandshakeException {
        assertThat(ascii(headOfExactly(8192))).hasSize(8192);

        assertThat(parseRequest(headOfExactly(8192)).headers().get("Host")).isEqualTo("h");
    }

    @Test
    void rfc6585_5_aHeadOneByteOverTheByteLimitIs431AssoonAsItPasses() {
        ByteBuffer head = ByteBuffer.wrap(ascii(headOfExactly(8193) + "more bytes that are never read"));
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());

        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> parser.feed(head));

        assertThat(e.status()).isEqualTo(431);
        assertThat(head.position()).isEqualTo(8193);
    }

    // ---------------------------------------------------------------- 414

    private static String requestLineOf(int bytes) {
        String start = "GET /";
        String end = " HTTP/1.1\r\n";
        return start + "t".repeat(bytes - start.length() - end.length()) + end;
    }

    @Test
    void rfc9110_15_5_15_aRequestLineThatPassesTheByteLimitBeforeItsEndIs414AsSoonAsItPasses() {
        ByteBuffer head = ByteBuffer.wrap(ascii("GET /" + "t".repeat(9 * 1024) + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());

        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> parser.feed(head));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).as("URI Too Long, not 431").isEqualTo(414);
        assertThat(head.position()).as("refused as soon as the limit passes").isEqualTo(8193);
    }

    @Test
    void rfc9110_15_5_15_aRequestLineWhoseLineEndFallsPastTheLimitIs414() {
        // 8192 bytes of request line: its line end, CRLF or bare LF, is what passes the limit.
        String line = "GET /" + "t".repeat(8192 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertThat(ascii(line)).hasSize(8192);

        assertThat(refusal(line + "\r\nHost: h\r\n\r\n").status()).isEqualTo(414);
        assertThat(refusal(line + "\nHost: h\n\n").status()).as("bare LF").isEqualTo(414);
    }

    @Test
    void rfc9110_15_5_15_leadingBlankLinesCountButTheLongLineAfterThemIsStillTheRequestLine() {
        assertThat(refusal("\r\n\r\n" + requestLineOf(8190) + "\r\n").status()).isEqualTo(414);
    }

    @Test
    void rfc6585_5_aRequestLineThatFitsFollowedByTooManyBytesIsStill431() {
        // The request line and its CRLF take exactly the limit; the first header byte passes it.
        String line = requestLineOf(8192);
        assertThat(ascii(line)).hasSize(8192);

        assertThat(refusal(line + "Host: h\r\n\r\n").status()).isEqualTo(431);
        assertThat(refusal("GET / HTTP/1.1\r\nX-Pad: " + "p".repeat(9000) + "\r\n\r\n").status()).isEqualTo(431);
    }

    @Test
    void rfc9110_15_5_15_bothLimitsKeepTheirStatusWithSmallLimits() {
        HttpHeadParser smallHead = new HttpHeadParser(new HeadLimits(64, 100));

        assertThatThrownBy(() -> smallHead.feed(ByteBuffer.wrap(ascii("GET /" + "t".repeat(100) + " HTTP/1.1\r\n\r\n"))))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(414));
    }

    private static String headWithLines(int headerLines) {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < headerLines; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Test
    void rfc6585_5_aHundredHeaderLinesAreAcceptedAndOneMoreIs431() throws HandshakeException {
        assertThat(parseRequest(headWithLines(100)).headers().size()).isEqualTo(100);
        assertThat(refusal(headWithLines(101)).status()).isEqualTo(431);
    }

    @Test
    void rfc6585_5_bothLimitsAreKnobs() throws HandshakeException {
        HttpHeadParser fiveLines = new HttpHeadParser(new HeadLimits(100_000, 5));
        HttpHeadParser smallHead = new HttpHeadParser(new HeadLimits(64, 100));
        HttpHeadParser bigHead = new HttpHeadParser(new HeadLimits(100_000, 1000));

        assertThatThrownBy(() -> fiveLines.feed(ByteBuffer.wrap(ascii(headWithLines(6)))))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThatThrownBy(() -> smallHead.feed(ByteBuffer.wrap(ascii(headOfExactly(65)))))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThat(bigHead.feed(ByteBuffer.wrap(ascii(headWithLines(999))))).isTrue();
        assertThat(bigHead.request().headers().size()).isEqualTo(999);
    }

    @Test
    void headLimitsRefuseNonsense() {
        assertThat(HeadLimits.defaults()).isEqualTo(new HeadLimits(8192, 100));
        assertThatThrownBy(() -> new HeadLimits(15, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadLimits(8192, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- 400

    @ParameterizedTest(name = "400 for {0}")
    @ValueSource(strings = {
            "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",          // obsolete line folding
            "GET / HTTP/1.1\r\nHost : h\r\n\r\n",                     // whitespace before the colon
            "GET / HTTP/1.1\r\nHost h\r\n\r\n",                       // no colon
            "GET / HTTP/1.1\r\n: h\r\n\r\n",                          // no name
            "GET / HTTP/1.1\r\nHo(st: h\r\n\r\n",                     // a name that is not a token
            "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",               // a control character
            "GET / HTTP/1.1\r\nHost: a\u007fb\r\n\r\n",               // DEL
            "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",                   // a bare CR inside a value
            "GET /\r\n\r\n",                                          // two parts
            "GET\r\n\r\n",                                            // one part
            "GET / HTTP/1.1 x\r\n\r\n",                               // not a version at the end
            "GET / HTTP/11\r\n\r\n",                                  // malformed version
            " GET / HTTP/1.1\r\n\r\n",                                // leading space
            "G@T / HTTP/1.1\r\n\r\n",                                 // a method that is not a token
    })
    void rfc9112_aMalformedRequestHeadIs400(String head) {
        assertThat(refusal(head).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "400 for the version {0}")
    @ValueSource(strings = {"HTTP/1.x", "HTTP/x.1", "HTTP/1.10", "HTTP/10.1", "HTTP/1", "HTTP/1.", "HTTP/.1",
            "http/1.1", "HTTP/1,1", "HTTP/+1.1", "HTTP/-1.1", "HTTP/1.1.1", "HTTPS/1.1", "HTTP/\u00b9.1"})
    void rfc9112_2_3_aMalformedVersionIs400(String version) {
        assertThat(refusal("GET / " + version + "\r\nHost: h\r\n\r\n").status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "505 for {0}")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/0.9", "HTTP/2.1"})
    void rfc9110_15_6_6_aMajorVersionOtherThan1Is505(String version) {
        HandshakeException e = refusal("GET / " + version + "\r\nHost: h\r\n\r\n");

        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(505);
    }

    @ParameterizedTest(name = "{0} is parsed")
    @ValueSource(strings = {"HTTP/1.0", "HTTP/1.1", "HTTP/1.2", "HTTP/1.9"})
    void rfc9112_2_3_everyHttp1VersionIsParsed(String version) throws HandshakeException {
        HttpRequestHead request = parseRequest("GET / " + version + "\r\nHost: h\r\n\r\n");

        assertThat(request.version()).isEqualTo(version);
        assertThat(request.majorVersion()).isEqualTo(1);
        assertThat(request.minorVersion()).isEqualTo(version.charAt(7) - '0');
    }

    @Test
    void rfc9112_2_3_theVersionNumbersOfAHeadBuiltByHand() {
        HttpHeaders none = new HttpHeaders();
        assertThat(new HttpRequestHead("GET", "/", "HTTP/2.0", none).majorVersion()).isEqualTo(2);
        assertThat(new HttpRequestHead("GET", "/", "HTTP/2.0", none).minorVersion()).isZero();
        for (String malformed : new String[] {"HTTP/1.10", "HTTP/10.1", "HTTP/1.1 ", "http/1.1", "HTTP/1.x", ""}) {
            assertThat(new HttpRequestHead("GET", "/", malformed, none).majorVersion()).as(malformed).isEqualTo(-1);
            assertThat(new HttpRequestHead("GET", "/", malformed, none).minorVersion()).as(malformed).isEqualTo(-1);
        }
    }

    @Test
    void rfc9112_5_3_repeatedFieldsAreKeptInOrder() throws HandshakeException {
        HttpRequestHead request = parseRequest("GET / HTTP/1.1\r\nA: 1\r\nb: 2\r\na: 3\r\n\r\n");

        assertThat(request.headers().getAll("a")).containsExactly("1", "3");
        assertThat(request.headers().count("A")).isEqualTo(2);
        assertThat(request.headers().name(2)).isEqualTo("a");
    }

    @Test
    void theHeadIsNotAvailableBeforeItIsComplete() throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        parser.feed(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n")));

        assertThatThrownBy(parser::request).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(parser::response).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- responses

    @Test
    void rfc9112_4_parsesAStatusLine() throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        parser.feed(ByteBuffer.wrap(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")));

        HttpResponseHead response = parser.response();

        assertThat(response.version()).isEqualTo("HTTP/1.1");
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.reason()).isEqualTo("Switching Protocols");
        assertThat(response.headers().get("upgrade")).isEqualTo("websocket");
    }

    @Test
    void rfc9112_4_theReasonPhraseMayBeMissing() throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        parser.feed(ByteBuffer.wrap(ascii("HTTP/1.1 403\r\n\r\n")));

        assertThat(parser.response().status()).isEqualTo(403);
        assertThat(parser.response().reason()).isEmpty();
    }

    @ParameterizedTest(name = "status 0 for {0}")
    @ValueSource(strings = {"HTTP/1.1 1O1 Switching\r\n\r\n", "HTTP/1.1 1011 x\r\n\r\n", "HTTP/1.1\r\n\r\n",
            "ICY 200 OK\r\n\r\n", "HTTP/1.1 101 OK\r\nBad Name: x\r\n\r\n"})
    void rfc9112_4_aMalformedResponseHeadFailsWithStatus0(String head) throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        parser.feed(ByteBuffer.wrap(ascii(head)));

        assertThatThrownBy(parser::response)
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isZero());
    }

    @Test
    void rfc9112_9_3_aResetParserReadsTheNextHeadOfAKeptAliveConnection() throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        ByteBuffer two = ByteBuffer.wrap(ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: y\r\n\r\n"));
        assertThat(parser.feed(two)).isTrue();
        assertThat(parser.request().target()).isEqualTo("/a");
        parser.reset();
        assertThat(parser.feed(two)).isTrue();
        HttpRequestHead second = parser.request();
        assertThat(second.target()).isEqualTo("/b");
        assertThat(second.headers().get("Host")).isEqualTo("y");
    }

    @Test
    void rfc9112_9_3_persistenceFollowsTheVersionAndTheConnectionHeader() throws HandshakeException {
        assertThat(parseRequest("GET / HTTP/1.1\r\n\r\n").persistent()).isTrue();
        assertThat(parseRequest("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").persistent()).isFalse();
        assertThat(parseRequest("GET / HTTP/1.0\r\n\r\n").persistent()).isFalse();
        assertThat(parseRequest("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").persistent()).isTrue();
    }
}
