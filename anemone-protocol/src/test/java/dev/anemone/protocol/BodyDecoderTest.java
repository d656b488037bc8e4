package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9112 section 6 and 7: where a request body ends, Content-Length and chunked, bounded. */
class BodyDecoderTest {

    private static final long LIMIT = 1024;

    private static HttpRequestHead head(String version, String... fields) {
        HttpHeaders headers = new HttpHeaders().add("Host", "example.com");
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new HttpRequestHead("POST", "/upload", version, headers);
    }

    private static BodyDecoder decoder(String... fields) throws HandshakeException {
        return BodyDecoder.forRequest(head("HTTP/1.1", fields), LIMIT, 256);
    }

    private static int refusal(String version, String... fields) {
        HandshakeException e = catchThrowableOfType(HandshakeException.class,
                () -> BodyDecoder.forRequest(head(version, fields), LIMIT, 256));
        return e == null ? -1 : e.status();
    }

    /** Feeds {@code wire} in pieces of {@code chunk} bytes; returns the body and leaves the rest in {@code rest}. */
    private static String decode(BodyDecoder decoder, byte[] wire, int chunk, ByteArrayOutputStream rest)
            throws HandshakeException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int at = 0; at < wire.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at));
            while (in.hasRemaining() && !decoder.isComplete()) {
                byte[] piece = bytes(decoder.read(in));
                body.write(piece, 0, piece.length);
            }
            rest.write(in.array(), in.position(), in.remaining());
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer piece) {
        byte[] copy = new byte[piece.remaining()];
        piece.get(copy);
        return copy;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rfc9112_6_3_noFramingHeadersMeansNoBody() throws HandshakeException {
        BodyDecoder decoder = decoder();
        assertThat(decoder.isComplete()).isTrue();
        assertThat(decoder.contentLength()).isZero();
    }

    @Test
    void rfc9112_6_3_contentLengthBodyEndsAtItsLengthInAnyChunkingAndLeavesThePipelinedRest() throws HandshakeException {
        byte[] wire = ascii("user=ann&pw=x" + "GET /next HTTP/1.1\r\n");
        for (int chunk = 1; chunk <= wire.length; chunk++) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            BodyDecoder decoder = decoder("Content-Length", "13");
            assertThat(decode(decoder, wire, chunk, rest)).as("chunk " + chunk).isEqualTo("user=ann&pw=x");
            assertThat(decoder.isComplete()).isTrue();
            assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("GET /next HTTP/1.1\r\n");
        }
    }

    @Test
    void rfc9112_7_1_chunkedBodyWithExtensionsAndTrailersDecodesInAnyChunking() throws HandshakeException {
        byte[] wire = ascii("5;name=value\r\nhello\r\n1 ; x\r\n,\r\n0006\r\n world\r\n0\r\nX-Sum: 3\r\n\r\nNEXT");
        for (int chunk = 1; chunk <= wire.length; chunk++) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
            assertThat(decoder.isChunked()).isTrue();
            assertThat(decode(decoder, wire, chunk, rest)).as("chunk " + chunk).isEqualTo("hello, world");
            assertThat(decoder.isComplete()).isTrue();
            assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
        }
    }

    @Test
    void rfc9112_7_1_randomBodiesSurviveEncodingAndRandomSplits() throws HandshakeException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] body = new byte[random.nextInt(1000)];
            random.nextBytes(body);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int at = 0; at < body.length; ) {
                int n = Math.min(body.length - at, 1 + random.nextInt(300));
                ByteBuffer chunk = ChunkedEncoder.chunk(ByteBuffer.wrap(body, at, n));
                wire.write(chunk.array(), 0, chunk.limit());
                at += n;
            }
            wire.write(ChunkedEncoder.lastChunk().array(), 0, 5);
            byte[] bytes = wire.toByteArray();
            BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (!decoder.isComplete()) {
                ByteBuffer slice = in.slice(in.position(), Math.min(in.remaining(), 1 + random.nextInt(64)));
                while (slice.hasRemaining() && !decoder.isComplete()) {
                    byte[] piece = bytes(decoder.read(slice));
                    decoded.write(piece, 0, piece.length);
                }
                in.position(in.position() + slice.position());
            }
            assertThat(decoded.toByteArray()).isEqualTo(body);
            assertThat(in.hasRemaining()).isFalse();
        }
    }

    @Test
    void rfc9112_6_3_aDeclaredLengthOverTheLimitIs413BeforeAnyByteIsRead() {
        assertThat(refusal("HTTP/1.1", "Content-Length", "1025")).isEqualTo(413);
        assertThat(refusal("HTTP/1.1", "Content-Length", "99999999999999999999999999")).isEqualTo(413);
    }

    @Test
    void rfc9112_7_1_aChunkThatTakesTheBodyPastTheLimitIs413AtItsSizeLine() throws HandshakeException {
        BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
        ByteBuffer in = ByteBuffer.wrap(ascii("200\r\n" + "a".repeat(512) + "\r\n201\r\n" + "b".repeat(513)));
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> {
            while (in.hasRemaining()) {
                decoder.read(in);
            }
        });
        assertThat(e.status()).isEqualTo(413);
        assertThat(in.remaining()).as("refused at the size line, before its data").isGreaterThan(513);
        BodyDecoder huge = decoder("Transfer-Encoding", "chunked");
        HandshakeException overflow = catchThrowableOfType(HandshakeException.class,
                () -> huge.read(ByteBuffer.wrap(ascii("ffffffffffffffffffff\r\n"))));
        assertThat(overflow.status()).isEqualTo(413);
    }

    @Test
    void rfc9112_6_1_bothContentLengthAndTransferEncodingAre400() {
        assertThat(refusal("HTTP/1.1", "Content-Length", "5", "Transfer-Encoding", "chunked")).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "+5", "5a", "", "5, 6", "0x10"})
    void rfc9112_6_3_malformedOrDisagreeingContentLengthIs400(String value) {
        assertThat(refusal("HTTP/1.1", "Content-Length", value)).isEqualTo(400);
    }

    @Test
    void rfc9112_6_3_repeatedEqualContentLengthsAreOneLength() throws HandshakeException {
        assertThat(decoder("Content-Length", "7, 7", "Content-Length", "7").contentLength()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({"gzip, 400", "'chunked, chunked', 400", "'gzip, chunked', 501", "identity, 400"})
    void rfc9112_6_1_transferCodingsOtherThanAFinalChunkedAreRefused(String codings, int status) {
        assertThat(refusal("HTTP/1.1", "Transfer-Encoding", codings)).isEqualTo(status);
    }

    @Test
    void rfc9112_6_1_transferEncodingInHttp10Is400() {
        assertThat(refusal("HTTP/1.0", "Transfer-Encoding", "chunked")).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x\r\n", "\r\n", "5\nhello\r\n", "5\r\nhelloX\r\n", "5\r\nhello\n", "5 x\r\n", "5;a\nb\r\n",
        "0\r\nX: 1\n\r\n", "0\r\n\rX"})
    void rfc9112_7_1_malformedChunkFramingIs400(String wire) throws HandshakeException {
        BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
        ByteBuffer in = ByteBuffer.wrap(ascii(wire));
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> {
            while (in.hasRemaining() && !decoder.isComplete()) {
                decoder.read(in);
            }
        });
        assertThat(e).as(wire).isNotNull();
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void rfc9112_7_1_1_anEndlessChunkExtensionIs400() throws HandshakeException {
        BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
        ByteBuffer in = ByteBuffer.wrap(ascii("1;" + "x".repeat(BodyDecoder.MAX_CHUNK_LINE)));
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> decoder.read(in));
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void rfc9112_7_1_2_trailerFieldsPastTheirLimitAre431() throws HandshakeException {
        BodyDecoder decoder = decoder("Transfer-Encoding", "chunked");
        ByteBuffer in = ByteBuffer.wrap(ascii("0\r\nX-Long: " + "y".repeat(300) + "\r\n\r\n"));
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> decoder.read(in));
        assertThat(e.status()).isEqualTo(431);
    }
}
