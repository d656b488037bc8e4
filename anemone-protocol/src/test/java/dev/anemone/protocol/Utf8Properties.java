package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The UTF-8 validator agrees with the JDK's strict decoder (malformed input reported, not
 * replaced) on every byte string, however the string is split into pieces.
 */
class Utf8Properties {

    static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whole-string verdict of validating {@code bytes} in two pieces split at {@code split}. */
    static boolean validInTwoPieces(byte[] bytes, int split) {
        Utf8Validator validator = new Utf8Validator();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return validator.validate(buffer, 0, split) < 0 && validator.validate(buffer, split, bytes.length) < 0
                && validator.isComplete();
    }

    /** Byte sequences at the edges of Table 3-7, valid and not, to be strung together. */
    static final List<String> EDGE_SEQUENCES = List.of(
            "00", "41", "7f", "80", "bf", "c0", "c1", "c2", "df", "e0", "ed", "ef", "f0", "f4", "f5", "ff",
            "c2 80", "df bf", "c0 80", "c1 bf", "e0 a0 80", "e0 9f bf", "e0 80 80", "ed 9f bf", "ed a0 80",
            "ed bf bf", "ee 80 80", "ef bf bf", "ef bf be", "f0 90 80 80", "f0 8f bf bf", "f4 8f bf bf",
            "f4 90 80 80", "f7 bf bf bf", "e2 82", "f0 9f 98", "ed a0 80 ed b0 80", "41 42 43 44 45 46 47 48");

    @Provide
    Arbitrary<byte[]> edgeStrings() {
        return Arbitraries.of(EDGE_SEQUENCES).list().ofMaxSize(6)
                .map(parts -> Hex.bytes(String.join("", parts)));
    }

    /** Bytes drawn mostly from lead bytes, continuation bytes at their range limits, and ASCII. */
    @Provide
    Arbitrary<byte[]> utf8ishBytes() {
        Arbitrary<Byte> interesting = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                        0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF)
                .map(Integer::byteValue);
        return interesting.array(byte[].class).ofMaxSize(12);
    }

    @Provide
    Arbitrary<byte[]> validUtf8() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 0x7F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        return codePoints.list().ofMaxSize(30).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::appendCodePoint);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    @Property
    void agreesWithTheJdkOnRandomBytes(@ForAll @Size(max = 40) byte[] bytes) {
        assertThat(Utf8Validator.isValid(bytes)).as(Hex.of(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 3000)
    void agreesWithTheJdkOnUtf8ishBytes(@ForAll("utf8ishBytes") byte[] bytes) {
        assertThat(Utf8Validator.isValid(bytes)).as(Hex.of(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 2000)
    void agreesWithTheJdkOnStringsOfEdgeCases(@ForAll("edgeStrings") byte[] bytes) {
        assertThat(Utf8Validator.isValid(bytes)).as(Hex.of(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    @Property
    void validTextIsValidWhereverItIsSplit(@ForAll("validUtf8") byte[] bytes) {
        assertThat(jdkAccepts(bytes)).isTrue();
        for (int split = 0; split <= bytes.length; split++) {
            assertThat(validInTwoPieces(bytes, split)).as("%s split at %d", Hex.of(bytes), split).isTrue();
        }
    }

    @Property
    void splittingNeverChangesTheVerdict(@ForAll("utf8ishBytes") byte[] bytes) {
        boolean expected = jdkAccepts(bytes);
        for (int split = 0; split <= bytes.length; split++) {
            assertThat(validInTwoPieces(bytes, split)).as("%s split at %d", Hex.of(bytes), split).isEqualTo(expected);
        }
    }

    @Property
    void splittingNeverMovesTheFirstInvalidByte(@ForAll("edgeStrings") byte[] bytes) {
        int whole = new Utf8Validator().validate(ByteBuffer.wrap(bytes), 0, bytes.length);
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int first = validator.validate(buffer, 0, split);
            int pieces = first >= 0 ? first : validator.validate(buffer, split, bytes.length);
            assertThat(pieces).as("%s split at %d", Hex.of(bytes), split).isEqualTo(whole);
        }
    }

    /** The first invalid byte is where the longest valid prefix ends: everything before it is a valid start. */
    @Property
    void theReportedIndexEndsTheLongestValidPrefix(@ForAll("utf8ishBytes") byte[] bytes) {
        int index = new Utf8Validator().validate(ByteBuffer.wrap(bytes), 0, bytes.length);
        if (index < 0) {
            return;
        }
        assertThat(isValidPrefix(Arrays.copyOf(bytes, index))).isTrue();
        assertThat(isValidPrefix(Arrays.copyOf(bytes, index + 1))).isFalse();
    }

    /**
     * Continuation bytes at the limits of every range Table 3-7 allows after a lead byte: each
     * allowed range contains one of them, so trying these finds a completion if one exists.
     */
    private static final byte[] CONTINUATION_LIMITS = Hex.bytes("80 8f 90 9f a0 bf");

    /**
     * Whether some completion of up to three continuation bytes makes {@code prefix} valid UTF-8,
     * as the JDK judges whole strings. (The JDK's streaming decoder is no oracle for prefixes: it
     * waits for a whole sequence before refusing, where Table 3-7 already rules out ED A0.)
     */
    private static boolean isValidPrefix(byte[] prefix) {
        for (int extra = 0; extra <= 3; extra++) {
            if (completes(prefix, new byte[extra], 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean completes(byte[] prefix, byte[] tail, int at) {
        if (at == tail.length) {
            return jdkAccepts(Hex.concat(prefix, tail));
        }
        for (byte b : CONTINUATION_LIMITS) {
            tail[at] = b;
            if (completes(prefix, tail, at + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Through the engine: a text message fails with 1007 exactly when the JDK refuses its bytes. */
    @Property(tries = 500)
    void rfc6455_8_1_theEngineFailsATextMessageExactlyWhenTheJdkRefusesIt(
            @ForAll("utf8ishBytes") byte[] bytes, @ForAll @IntRange(min = 0, max = 12) int split) {
        int cut = Math.min(split, bytes.length);
        RecordingPeer peer = RecordingPeer.open(Role.SERVER).receiveFrames(
                WireFrame.masked(false, Opcode.TEXT, Arrays.copyOf(bytes, cut), 0x1234ABCD),
                WireFrame.masked(true, Opcode.CONTINUATION, Arrays.copyOfRange(bytes, cut, bytes.length), 0x0F0F0F0F));

        if (jdkAccepts(bytes)) {
            assertThat(peer.events()).containsExactly("text " + new String(bytes, StandardCharsets.UTF_8));
        } else {
            assertThat(peer.failure()).isNotNull();
            assertThat(peer.failure().closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
        }
    }

    @Property(tries = 200)
    void theEngineAcceptsValidTextCutIntoAnyFragments(@ForAll("validUtf8") byte[] bytes,
                                                      @ForAll @Size(max = 5) List<@From("cuts") Integer> cuts) {
        int[] points = cuts.stream().mapToInt(c -> Math.min(c, bytes.length)).sorted().toArray();
        WireFrame[] frames = new WireFrame[points.length + 1];
        int from = 0;
        for (int i = 0; i <= points.length; i++) {
            int to = i < points.length ? points[i] : bytes.length;
            frames[i] = WireFrame.unmasked(i == points.length, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                    Arrays.copyOfRange(bytes, from, to));
            from = to;
        }

        assertThat(RecordingPeer.open(Role.CLIENT).receiveFrames(frames).events())
                .containsExactly("text " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 120);
    }
}
