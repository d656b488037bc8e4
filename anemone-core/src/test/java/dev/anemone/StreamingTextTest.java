package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.Opcode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text in parts stays UTF-8 across part boundaries: a message sent with
 * {@link WebSocket#sendTextPart} cut at awkward places, with and without permessage-deflate,
 * and a raw peer's fragments cut inside 2-, 3- and 4-byte code points, reach a
 * {@link StreamingListener} as parts that each decode strictly on their own and concatenate to
 * the text sent; invalid UTF-8 split across two fragments fails the connection with 1007.
 */
@Timeout(60)
class StreamingTextTest extends LoopbackFixture {

    private static final long WAIT_SECONDS = 10;

    private final TextParts received = new TextParts();

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .perMessageDeflate(DeflateOptions.defaults())
                .endpoint("/text", received)
                .start();
    }

    /** Decodes every part strictly, and gathers them into messages. */
    private static final class TextParts implements StreamingListener {
        final CompletableFuture<String> message = new CompletableFuture<>();
        final List<String> parts = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closeCode = new AtomicInteger();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onTextPartUtf8(WebSocket socket, ByteBuffer utf8, boolean last) {
            try {
                String part = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(utf8.duplicate()).toString();
                parts.add(part);
                text.append(part);
            } catch (CharacterCodingException e) {
                errors.add(new AssertionError("part " + (parts.size() + 1) + " is not whole UTF-8: "
                        + HexFormat.ofDelimiter(" ").formatHex(bytes(utf8)), e));
            }
            if (last) {
                message.complete(text.toString());
            }
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closeCode.set(code);
            closed.countDown();
        }
    }

    @ParameterizedTest(name = "permessage-deflate {0}")
    @ValueSource(booleans = {false, true})
    void textSentInPartsCutAtAwkwardPlacesArrivesAsWholeCodePoints(boolean deflate) throws Exception {
        ClientOptions options = ClientOptions.defaults();
        WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/text"),
                deflate ? options.toBuilder().perMessageDeflate(DeflateOptions.defaults()).build() : options,
                new WebSocketListener() { }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(socket.extensions()).hasSize(deflate ? 1 : 0);
        String text = mixedText(300_000, new SplittableRandom(3));
        List<String> sent = cut(text, new SplittableRandom(5));
        for (int i = 0; i < sent.size(); i++) {
            assertThat(socket.sendTextPart(sent.get(i), false)).isTrue();
        }
        // An empty last part: with deflate, the one byte of RFC 7692 section 7.2.3.6.
        assertThat(socket.sendTextPart("", true)).isTrue();

        assertThat(received.message.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(text);
        assertThat(received.errors).isEmpty();
        assertThat(received.parts.size()).as("parts received").isGreaterThan(1);
        socket.close();
    }

    @Test
    void fragmentsCutInsideCodePointsArriveAsPartsOfWholeCodePoints() throws Exception {
        String text = "a\u00e9\u20ac\uD83D\uDE00b\u00f1\u4e2d\uD834\uDD1E";   // a é € 😀 b ñ 中 𝄞
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8).hasSize(20);
        // 61 | C3 A9 | E2 82 AC | F0 9F 98 80 | 62 | C3 B1 | E4 B8 AD | F0 9D 84 9E: 20 bytes
        int[] cuts = {
            2,      // a, and the lead byte of é
            5,      // completes é, then E2 82 of €
            6,      // only completes €
            7,      // the lead byte of 😀 alone,
            8,      //   then 9F alone,
            8,      //   an empty fragment,
            10,     //   then 98 80, completing it
            12,     // b, and the lead byte of ñ
            15,     // completes ñ, then E4 B8 of 中
            19,     // completes 中, then F0 9D 84 of 𝄞
            20,     // the last fragment only completes 𝄞
        };
        try (RawPeer peer = new RawPeer(server.port()).open("/text")) {
            peer.write(textFragments(utf8, cuts));
            assertThat(received.message.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(text);
        }
        assertThat(received.errors).isEmpty();
        assertThat(String.join("", received.parts)).isEqualTo(text);
        assertThat(received.parts.size()).as("parts received").isGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "4-byte lead then ASCII,          61 F0 9F | 41",
        "overlong 3-byte sequence,        61 E0 | 80 80",
        "UTF-16 surrogate U+D800,         ED | A0 80",
        "past U+10FFFF,                   F4 | 90 80 80",
        "bad continuation after an empty, 61 C3 | | 28",
        "truncated at the end,            61 | E2 82",
    })
    void invalidUtf8SplitAcrossFragmentsFailsWith1007(String name, String fragments) throws Exception {
        try (RawPeer peer = new RawPeer(server.port()).open("/text")) {
            peer.write(textFragments(hexFragments(fragments)));
            RawClient.Frame close = peer.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
        }
        assertThat(received.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(received.closeCode.get()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
        assertThat(received.message).as("no message completed").isNotDone();
        // What was delivered before the failure was whole code points, and only those.
        assertThat(received.errors).noneMatch(AssertionError.class::isInstance);
        assertThat(String.join("", received.parts)).isIn("", "a");
    }

    /** A text message as masked frames ending at {@code cuts}: TEXT, CONTINUATION..., the last with FIN. */
    static byte[][] textFragments(byte[] utf8, int[] cuts) {
        List<byte[]> payloads = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            payloads.add(Arrays.copyOfRange(utf8, from, cut));
            from = cut;
        }
        return textFragments(payloads);
    }

    /** A text message as masked frames with these payloads: TEXT, CONTINUATION..., the last with FIN. */
    static byte[][] textFragments(List<byte[]> payloads) {
        byte[][] frames = new byte[payloads.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = RawPeer.frame(i == frames.length - 1, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                    payloads.get(i), RawPeer.MASK_KEY);
        }
        return frames;
    }

    /** {@code "61 C3 | | 28"}: the payloads of fragments, in hex, between bars. */
    private static List<byte[]> hexFragments(String spec) {
        List<byte[]> payloads = new ArrayList<>();
        for (String fragment : spec.split("\\|", -1)) {
            payloads.add(HexFormat.ofDelimiter(" ").parseHex(fragment.strip()));
        }
        return payloads;
    }

    /**
     * {@code count} code points drawn from ASCII and 2-, 3- and 4-byte characters (a 4-byte one
     * is a surrogate pair in Java), so that any cut in bytes is likely to fall inside one.
     */
    static String mixedText(int count, SplittableRandom random) {
        String[] pool = {"a", "Z", " ", "\u00e9", "\u00f1", "\u03a9", "\u20ac", "\u4e2d", "\u2211",
            "\uD83D\uDE00", "\uD834\uDD1E", "\uD83C\uDF0A"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(pool[random.nextInt(pool.length)]);
        }
        return text.toString();
    }

    /**
     * Cuts {@code text} into parts of awkward lengths (empty, one char, a few, more than a read),
     * never between the two halves of a surrogate pair, which the API refuses.
     */
    static List<String> cut(String text, SplittableRandom random) {
        int[] lengths = {0, 1, 2, 3, 5, 7, 13, 100, 4_097, 70_000};
        List<String> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + lengths[random.nextInt(lengths.length)]);
            if (end > at && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            parts.add(text.substring(at, end));
            at = end;
        }
        return parts;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
