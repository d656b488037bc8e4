package dev.anemone.fuzz;

import static dev.anemone.fuzz.FuzzInput.hex;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anemone.protocol.AcceptKey;
import dev.anemone.protocol.ClientHandshake;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HandshakeResult;
import dev.anemone.protocol.HeadLimits;
import dev.anemone.protocol.HttpHeadParser;
import dev.anemone.protocol.HttpRequestHead;
import dev.anemone.protocol.HttpResponseHead;
import dev.anemone.protocol.MessageCodec;
import dev.anemone.protocol.OpeningRequest;
import dev.anemone.protocol.PerMessageDeflate;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.ServerHandshake;
import dev.anemone.protocol.WebSocketUri;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fuzz target 2: the opening handshake, both halves.
 *
 * <p>Flags:
 * <ul>
 *   <li>bit 0: 0 parses a request and runs the server's checks ({@link ServerHandshake#check},
 *       extension negotiation, the 101 or the refusal, which is parsed back); 1 parses a response
 *       and runs the client's checks ({@link ClientHandshake#check}, extension confirmation)</li>
 *   <li>bits 1-2: head limits: the defaults (8 KiB, 100 lines), (64 B, 4), (512 B, 16), (16 B, 1)</li>
 *   <li>bits 3-5: buffer style as in {@link FuzzInput}</li>
 * </ul>
 *
 * <p>What must hold: only {@link HandshakeException} comes out, with the statuses the API
 * documents; a head over either limit is refused (414 when its start line has not ended by the byte
 * limit, 431 otherwise), and a head within them never is;
 * any chunking parses to the same result and leaves the same bytes after the head.
 */
class HandshakeFuzzTest {

    private static final HeadLimits[] LIMITS = {
        HeadLimits.defaults(), new HeadLimits(64, 4), new HeadLimits(512, 16), new HeadLimits(16, 1)};
    private static final HeadLimits ROOMY = new HeadLimits(1 << 20, 10_000);
    private static final Set<Integer> CHECK_STATUSES = Set.of(400, 405, 426, 505);
    private static final List<ExtensionNegotiator> SERVER_EXTENSIONS = List.of(new PerMessageDeflate(DeflateOptions.defaults()));
    private static final List<ExtensionNegotiator> CLIENT_EXTENSIONS = List.of(
            new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, true).withMaxWindowBits(15, 12)));
    /** The client's key comes from {@code new SplittableRandom(42)}, so a seed can carry its accept value. */
    static final long CLIENT_KEY_SEED = 42;

    @FuzzTest(maxDuration = "10m")
    void handshake(byte[] input) throws HandshakeException {
        FuzzInput in = FuzzInput.parse(input);
        boolean response = in.flag(1);
        HeadLimits limits = LIMITS[(in.flags >> 1) & 3];
        FuzzInput.Style style = new FuzzInput.Style(in.flag(8), in.flag(16), in.flag(32));

        Outcome expected = Outcome.expected(in.data, limits);
        Outcome whole = Outcome.parse(List.of(in.data), limits, FuzzInput.Style.PLAIN);
        Outcome chunked = Outcome.parse(in.chunks(), limits, style);
        FrameDecoderFuzzTest.check(whole.summary().equals(expected.summary()), "head parser outcome (whole)",
                expected.summary(), whole.summary(), in.data);
        FrameDecoderFuzzTest.check(chunked.summary().equals(expected.summary()), "head parser outcome (chunked)",
                expected.summary(), chunked.summary(), in.data);
        if (whole.parser == null) {
            return;
        }
        if (response) {
            client(whole.parser, chunked.parser, in.data);
        } else {
            server(whole.parser, chunked.parser, in.data);
        }
    }

    private static void server(HttpHeadParser parser, HttpHeadParser chunkedParser, byte[] data) {
        HttpRequestHead request;
        try {
            request = parser.request();
        } catch (HandshakeException e) {
            FrameDecoderFuzzTest.check(e.status() == 400 || e.status() == 505, "request() status", "400 or 505",
                    e.status(), data);
            return;
        }
        HttpRequestHead again = requestOrNull(chunkedParser);
        FrameDecoderFuzzTest.check(again != null && describe(again).equals(describe(request)),
                "request parsed from chunks", describe(request), again == null ? null : describe(again), data);
        request.path();
        request.query();
        ServerHandshake.isUpgradeRequest(request);
        OpeningRequest opening;
        try {
            opening = ServerHandshake.check(request);
        } catch (HandshakeException refusal) {
            FrameDecoderFuzzTest.check(CHECK_STATUSES.contains(refusal.status()), "check() status", CHECK_STATUSES,
                    refusal.status(), data);
            // The refusal must go on the wire as a well-formed response with that status.
            HttpResponseHead answer = parseResponse(ServerHandshake.reject(refusal), data);
            FrameDecoderFuzzTest.check(answer.status() == refusal.status(), "refusal status on the wire",
                    refusal.status(), answer.status(), data);
            return;
        }
        ExtensionNegotiation negotiation = ExtensionNegotiation.serverSide(opening.extensions(), SERVER_EXTENSIONS);
        String protocol = opening.protocols().isEmpty() ? null : opening.protocols().get(0);
        byte[] accept = ServerHandshake.accept(opening, protocol, negotiation.header(), null);
        HttpResponseHead answer = parseResponse(accept, data);
        FrameDecoderFuzzTest.check(answer.status() == 101, "accept() status", 101, answer.status(), data);
        String acceptKey = answer.headers().get("Sec-WebSocket-Accept");
        FrameDecoderFuzzTest.check(AcceptKey.of(opening.key()).equals(acceptKey), "Sec-WebSocket-Accept",
                AcceptKey.of(opening.key()), acceptKey, data);
        MessageCodec codec = negotiation.newCodec(Role.SERVER);
        if (codec != null) {
            codec.release();
        }
    }

    private static void client(HttpHeadParser parser, HttpHeadParser chunkedParser, byte[] data) {
        HttpResponseHead response;
        try {
            response = parser.response();
        } catch (HandshakeException e) {
            FrameDecoderFuzzTest.check(e.status() == 0, "response() status", 0, e.status(), data);
            return;
        }
        try {
            HttpResponseHead again = chunkedParser.response();
            FrameDecoderFuzzTest.check(again.toString().equals(response.toString()), "response parsed from chunks",
                    response, again, data);
        } catch (HandshakeException e) {
            throw new AssertionError("response() failed on chunks but not whole: " + e.getMessage());
        }
        ClientHandshake handshake = new ClientHandshake(WebSocketUri.parse("ws://example.com/chat"),
                List.of("chat", "superchat"), ExtensionNegotiation.clientOffers(CLIENT_EXTENSIONS), null,
                new SplittableRandom(CLIENT_KEY_SEED));
        HandshakeResult result;
        try {
            result = handshake.check(response);
        } catch (HandshakeException refusal) {
            int expected = response.status() == 101 ? 0 : response.status();
            FrameDecoderFuzzTest.check(refusal.status() == expected, "ClientHandshake.check() status", expected,
                    refusal.status(), data);
            return;
        }
        FrameDecoderFuzzTest.check(response.status() == 101, "accepted a non-101", 101, response.status(), data);
        try {
            ExtensionNegotiation negotiation = ExtensionNegotiation.clientSide(result.extensions(), CLIENT_EXTENSIONS);
            MessageCodec codec = negotiation.newCodec(Role.CLIENT);
            if (codec != null) {
                codec.release();
            }
        } catch (HandshakeException refusal) {
            FrameDecoderFuzzTest.check(refusal.status() == 0, "clientSide() status", 0, refusal.status(), data);
        }
    }

    private static HttpRequestHead requestOrNull(HttpHeadParser parser) {
        try {
            return parser.request();
        } catch (HandshakeException e) {
            return null;
        }
    }

    private static String describe(HttpRequestHead head) {
        return head.method() + " " + head.target() + " " + head.version() + "\n" + head.headers();
    }

    private static HttpResponseHead parseResponse(byte[] bytes, byte[] input) {
        HttpHeadParser parser = new HttpHeadParser(ROOMY);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if (!parser.feed(buffer)) {
                throw new AssertionError("our own response head is incomplete: " + hex(bytes) + "\n  input " + hex(input));
            }
            return parser.response();
        } catch (HandshakeException e) {
            throw new AssertionError("our own response does not parse (" + e.getMessage() + "): "
                    + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) + "\n  input " + hex(input), e);
        }
    }

    /** How feeding a head ended: refused (with a status), complete (after how many bytes), or still waiting. */
    record Outcome(String kind, int status, int consumed, HttpHeadParser parser) {

        String summary() {
            return kind + (kind.equals("refused") ? " " + status : kind.equals("complete") ? " after " + consumed : "");
        }

        /**
         * The oracle, from the limits' definition: lines end at LF (a CR before it is not content);
         * blank lines before the start line are skipped but their bytes count; the head ends at the
         * first blank line after the start line. Over {@code maxBytes} bytes, or over
         * {@code maxHeaderLines} lines after the start line, is 431, as soon as the excess arrives;
         * except that passing {@code maxBytes} inside the start line (a line with a byte other than
         * CR, not yet ended) is 414.
         */
        static Outcome expected(byte[] data, HeadLimits limits) {
            boolean started = false;
            boolean inStartLine = false;
            int headerLines = 0;
            int lineStart = 0;
            for (int i = 0; i < data.length; i++) {
                if (i >= limits.maxBytes()) {
                    return new Outcome("refused", !started && inStartLine ? 414 : 431, 0, null);
                }
                inStartLine |= data[i] != '\r' && data[i] != '\n';
                if (data[i] != '\n') {
                    continue;
                }
                int contentEnd = i > lineStart && data[i - 1] == '\r' ? i - 1 : i;
                boolean blank = contentEnd == lineStart;
                lineStart = i + 1;
                if (blank && started) {
                    return new Outcome("complete", 0, i + 1, null);
                }
                if (!blank && started && ++headerLines > limits.maxHeaderLines()) {
                    return new Outcome("refused", 431, 0, null);
                }
                started |= !blank;
            }
            return new Outcome("incomplete", 0, 0, null);
        }

        static Outcome parse(List<byte[]> chunks, HeadLimits limits, FuzzInput.Style style) {
            HttpHeadParser parser = new HttpHeadParser(limits);
            int offset = 0;
            try {
                for (byte[] chunk : chunks) {
                    ByteBuffer buffer = style.wrap(chunk);
                    int start = buffer.position();
                    int limit = buffer.limit();
                    boolean complete = parser.feed(buffer);
                    int used = buffer.position() - start;
                    if (buffer.limit() != limit) {
                        throw new AssertionError("feed() changed the buffer's limit");
                    }
                    if (complete) {
                        if (parser.size() != offset + used) {
                            throw new AssertionError("size() is " + parser.size() + " but " + (offset + used)
                                    + " bytes were consumed");
                        }
                        return new Outcome("complete", 0, offset + used, parser);
                    }
                    if (used != chunk.length) {
                        throw new AssertionError("feed() returned false with " + (chunk.length - used) + " bytes left");
                    }
                    offset += used;
                }
            } catch (HandshakeException e) {
                return new Outcome("refused", e.status(), 0, null);
            }
            return new Outcome("incomplete", 0, 0, null);
        }
    }
}
