package dev.anemone.fuzz;

import static dev.anemone.fuzz.FuzzInput.hex;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anemone.protocol.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target 3: the incremental UTF-8 validator against the JDK's strict decoder
 * ({@link java.nio.charset.CodingErrorAction#REPORT}).
 *
 * <p>Flags: bit 3 direct buffers, bit 4 little-endian, bit 5 at an offset in junk (0xFF bytes,
 * never valid UTF-8, so reading outside the range shows). The chunk sizes of {@link FuzzInput} are
 * the split points.
 *
 * <p>What must hold: the validator accepts the whole input exactly when the JDK decodes it
 * without error; the index it reports is the first byte at which the input stops being the start
 * of some valid UTF-8 text, by the JDK's reckoning; and checking the input in pieces, split
 * anywhere, reports the same index and the same completeness as checking it at once.
 */
class Utf8ValidatorFuzzTest {

    /**
     * Every proper prefix (1 to 3 bytes) of the UTF-8 encoding of a Unicode scalar value, as the
     * JDK encodes them: the trailing bytes of a valid prefix of text must be one of these.
     */
    private static final Set<String> INCOMPLETE_SEQUENCES = incompleteSequences();

    @FuzzTest(maxDuration = "10m")
    void validate(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        FuzzInput.Style style = new FuzzInput.Style(in.flag(8), in.flag(16), in.flag(32));
        byte[] data = in.data;

        boolean jdkValid = FrameDecoderFuzzTest.isStrictUtf8(data);
        int expectedIndex = jdkValid ? -1 : firstInvalidIndex(data);
        boolean expectedComplete = jdkValid;

        // Whole.
        Utf8Validator whole = new Utf8Validator();
        ByteBuffer buffer = style.wrap(data);
        int index = whole.validate(buffer, buffer.position(), buffer.limit());
        int wholeIndex = index < 0 ? -1 : index - buffer.position();
        check(wholeIndex == expectedIndex, "first invalid index", expectedIndex, wholeIndex, data);
        if (wholeIndex < 0) {
            check(whole.isComplete() == expectedComplete, "isComplete()", expectedComplete, whole.isComplete(), data);
        }
        check(Utf8Validator.isValid(data) == jdkValid, "isValid()", jdkValid, !jdkValid, data);

        // Split at the fuzzer's points, each piece in a buffer of its own.
        Utf8Validator pieces = new Utf8Validator();
        int offset = 0;
        int piecesIndex = -1;
        List<byte[]> chunks = in.chunks();
        for (byte[] chunk : chunks) {
            ByteBuffer piece = style.wrap(chunk);
            int at = pieces.validate(piece, piece.position(), piece.limit());
            if (at >= 0) {
                piecesIndex = offset + at - piece.position();
                break;
            }
            offset += chunk.length;
        }
        check(piecesIndex == expectedIndex, "first invalid index when split " + describe(chunks), expectedIndex,
                piecesIndex, data);
        if (piecesIndex < 0) {
            check(pieces.isComplete() == expectedComplete, "isComplete() when split", expectedComplete,
                    pieces.isComplete(), data);
        }

        // One buffer, validated in ranges: the same validator, the same bytes, absolute indexes.
        Utf8Validator ranges = new Utf8Validator();
        ByteBuffer all = style.wrap(data);
        int from = all.position();
        int rangesIndex = -1;
        for (byte[] chunk : chunks) {
            int at = ranges.validate(all, from, from + chunk.length);
            if (at >= 0) {
                rangesIndex = at - all.position();
                break;
            }
            from += chunk.length;
        }
        check(rangesIndex == expectedIndex, "first invalid index over ranges of one buffer", expectedIndex,
                rangesIndex, data);

        // After reset() the validator starts afresh.
        ranges.reset();
        ByteBuffer again = style.wrap(data);
        int afterReset = ranges.validate(again, again.position(), again.limit());
        check((afterReset < 0 ? -1 : afterReset - again.position()) == expectedIndex, "index after reset()",
                expectedIndex, afterReset, data);
    }

    /**
     * The smallest {@code i} such that {@code data[0..i]} (inclusive) is not the start of any valid
     * UTF-8 text; -1 when all of {@code data} is such a start (complete or not).
     */
    static int firstInvalidIndex(byte[] data) {
        if (isValidPrefix(data, data.length)) {
            return -1;
        }
        // isValidPrefix is monotone in the length: binary search for the first length that fails.
        int low = 0;
        int high = data.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (isValidPrefix(data, mid + 1)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Whether {@code data[0, length)} can be extended to valid UTF-8, by the JDK's decoder and encoder. */
    static boolean isValidPrefix(byte[] data, int length) {
        int tail = length;
        for (int j = length - 1; j >= Math.max(0, length - 3); j--) {
            int b = data[j] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
                if (length - j < needed) {
                    tail = j;
                }
                break;
            }
        }
        byte[] complete = Arrays.copyOf(data, tail);
        if (!FrameDecoderFuzzTest.isStrictUtf8(complete)) {
            return false;
        }
        return tail == length || INCOMPLETE_SEQUENCES.contains(hex(Arrays.copyOfRange(data, tail, length)));
    }

    private static Set<String> incompleteSequences() {
        Set<String> prefixes = new HashSet<>();
        for (int cp = 0x80; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] encoded = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            for (int n = 1; n < encoded.length; n++) {
                prefixes.add(hex(Arrays.copyOf(encoded, n)));
            }
        }
        return prefixes;
    }

    private static String describe(List<byte[]> chunks) {
        StringBuilder sizes = new StringBuilder("[");
        for (byte[] chunk : chunks) {
            sizes.append(sizes.length() > 1 ? "," : "").append(chunk.length);
        }
        return sizes.append(']').toString();
    }

    private static void check(boolean condition, String what, Object expected, Object actual, byte[] data) {
        if (!condition) {
            throw new AssertionError(what + "\n  input    " + hex(data) + "\n  expected " + expected
                    + "\n  actual   " + actual);
        }
    }
}
