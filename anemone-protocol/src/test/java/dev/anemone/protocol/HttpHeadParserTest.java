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
}
