package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * An incremental UTF-8 validator that fails at the first byte that cannot begin or continue a
 * well-formed sequence (Unicode Table 3-7): no overlong forms, no surrogates (U+D800–U+DFFF), nothing
 * above U+10FFFF.
 *
 * <p>A message may be checked in any number of pieces, split anywhere, even inside a
 * multi-byte sequence; {@link #isComplete()} then says whether the message ended on a character
 * boundary. Pure ASCII is checked eight bytes at a time.
 *
 * <p>The state is one {@code int}: how many continuation bytes are still expected, and the range
 * the next one must fall in (only the first continuation byte has a range narrower than 80–BF).
 */
public final class Utf8Validator {

    private static final long ASCII_MASK = 0x8080808080808080L;
    private static final int CONTINUATION_LOW = 0x80;
    private static final int CONTINUATION_HIGH = 0xBF;

    /** Continuation bytes still expected. */
    private int pending;
    /** The inclusive range of the next continuation byte. */
    private int low = CONTINUATION_LOW;
    private int high = CONTINUATION_HIGH;

    /** Forgets any unfinished sequence, ready for a new message. */
    public void reset() {
        pending = 0;
        low = CONTINUATION_LOW;
        high = CONTINUATION_HIGH;
    }

    /** Whether everything checked so far ends on a character boundary. */
    public boolean isComplete() {
        return pending == 0;
    }

    /**
     * Checks {@code buffer[from, to)} as the next piece of the text.
     *
     * @return the absolute index of the first invalid byte, or -1 if the piece is valid so far
     */
    public int validate(ByteBuffer buffer, int from, int to) {
        int i = from;
        while (i < to) {
            if (pending == 0) {
                while (i + 8 <= to && (buffer.getLong(i) & ASCII_MASK) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
                int b = buffer.get(i) & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                if (!startSequence(b)) {
                    return i;
                }
            } else {
                int b = buffer.get(i) & 0xFF;
                if (b < low || b > high) {
                    return i;
                }
                pending--;
                low = CONTINUATION_LOW;
                high = CONTINUATION_HIGH;
            }
            i++;
        }
        return -1;
    }

    /** Checks a whole byte array as one complete text. */
    public static boolean isValid(byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        return validator.validate(ByteBuffer.wrap(bytes), 0, bytes.length) < 0 && validator.isComplete();
    }

    /** Sets the expectations that lead byte {@code b} (0x80 or above) opens; false if it opens none. */
    private boolean startSequence(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, CONTINUATION_LOW, CONTINUATION_HIGH);
        } else if (b == 0xE0) {
            expect(2, 0xA0, CONTINUATION_HIGH);        // below A0 would be overlong
        } else if (b == 0xED) {
            expect(2, CONTINUATION_LOW, 0x9F);         // above 9F would be a surrogate
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, CONTINUATION_LOW, CONTINUATION_HIGH);
        } else if (b == 0xF0) {
            expect(3, 0x90, CONTINUATION_HIGH);        // below 90 would be overlong
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, CONTINUATION_LOW, CONTINUATION_HIGH);
        } else if (b == 0xF4) {
            expect(3, CONTINUATION_LOW, 0x8F);         // above 8F would pass U+10FFFF
        } else {
            return false;                              // a stray continuation, C0, C1 or F5-FF
        }
        return true;
    }

    private void expect(int continuationBytes, int firstLow, int firstHigh) {
        pending = continuationBytes;
        low = firstLow;
        high = firstHigh;
    }
}
