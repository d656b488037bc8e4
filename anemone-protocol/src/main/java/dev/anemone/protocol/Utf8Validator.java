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
 * <p>The whole state is one {@code int}: how many continuation bytes are still expected, and the
 * range the next one must fall in (only the first continuation byte has a range narrower than
 * 80–BF). Keeping it a plain value lets {@link #isValid(ByteBuffer, int, int)} check a complete
 * text without any object at all.
 */
public final class Utf8Validator {

    private static final long ASCII_MASK = 0x8080808080808080L;
    /** The state between characters: nothing pending, the next byte may be anything that starts one. */
    static final int BOUNDARY = 0;
    /** What {@link #scan} returns when every byte was valid; otherwise the index of the bad one. */
    private static final int NO_ERROR = -1;

    private int state = BOUNDARY;

    /** Forgets any unfinished sequence, ready for a new message. */
    public void reset() {
        state = BOUNDARY;
    }

    /** Whether everything checked so far ends on a character boundary. */
    public boolean isComplete() {
        return state == BOUNDARY;
    }

    /**
     * Checks {@code buffer[from, to)} as the next piece of the text.
     *
     * @return the absolute index of the first invalid byte, or -1 if the piece is valid so far
     */
    public int validate(ByteBuffer buffer, int from, int to) {
        long result = scan(buffer, from, to, state);
        state = endState(result);
        return invalidIndex(result);
    }

    /** Checks {@code buffer[from, to)} as one complete text, without any object. */
    public static boolean isValid(ByteBuffer buffer, int from, int to) {
        long result = scan(buffer, from, to, BOUNDARY);
        return invalidIndex(result) == NO_ERROR && endState(result) == BOUNDARY;
    }

    /** Checks a whole byte array as one complete text. */
    public static boolean isValid(byte[] bytes) {
        return isValid(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /**
     * Walks {@code buffer[from, to)} from state {@code start}. Returns two ints in a long, so that
     * nothing is allocated: the index of the first invalid byte plus one (0 if none) in the high
     * half, the state reached in the low half. A caller in this package that keeps many texts'
     * states as plain ints (one per connection) calls this directly rather than keep an object each.
     */
    static long scan(ByteBuffer buffer, int from, int to, int start) {
        int pending = start;
        int i = from;
        while (i < to) {
            if (pending == BOUNDARY) {
                while (i + 8 <= to && (buffer.getLong(i) & ASCII_MASK) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
                int b = buffer.get(i) & 0xFF;
                if (b >= 0x80) {
                    int opened = lead(b);
                    if (opened < 0) {
                        return result(i, pending);
                    }
                    pending = opened;
                }
            } else {
                int continued = next(pending, buffer.get(i) & 0xFF);
                if (continued < 0) {
                    return result(i, pending);
                }
                pending = continued;
            }
            i++;
        }
        return result(NO_ERROR, pending);
    }

    private static long result(int invalidIndex, int state) {
        return ((long) (invalidIndex + 1) << 32) | (state & 0xFFFFFFFFL);
    }

    /** The index of the first invalid byte in {@code result} of {@link #scan}, or -1. */
    static int invalidIndex(long result) {
        return (int) (result >>> 32) - 1;
    }

    /** The state reached in {@code result} of {@link #scan}. */
    static int endState(long result) {
        return (int) result;
    }

    /**
     * The state after lead byte {@code b} (0x80 or above), or -1 if it starts no sequence. A state
     * packs the continuation bytes still expected (bits 0-1) and the inclusive range of the next
     * one (low in bits 8-15, high in bits 16-23).
     */
    private static int lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            return expect(2, 0xA0, 0xBF);        // below A0 would be overlong
        } else if (b == 0xED) {
            return expect(2, 0x80, 0x9F);        // above 9F would be a surrogate
        } else if (b >= 0xE1 && b <= 0xEF) {
            return expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            return expect(3, 0x90, 0xBF);        // below 90 would be overlong
        } else if (b >= 0xF1 && b <= 0xF3) {
            return expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            return expect(3, 0x80, 0x8F);        // above 8F would pass U+10FFFF
        }
        return -1;                               // a stray continuation, C0, C1 or F5-FF
    }

    /** The state after continuation byte {@code b} in state {@code pending}, or -1 if it is out of range. */
    private static int next(int pending, int b) {
        int low = (pending >>> 8) & 0xFF;
        int high = (pending >>> 16) & 0xFF;
        if (b < low || b > high) {
            return -1;
        }
        int remaining = (pending & 3) - 1;
        return remaining == 0 ? BOUNDARY : expect(remaining, 0x80, 0xBF);
    }

    private static int expect(int continuationBytes, int low, int high) {
        return continuationBytes | (low << 8) | (high << 16);
    }
}
