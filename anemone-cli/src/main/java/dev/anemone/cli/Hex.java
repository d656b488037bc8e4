package dev.anemone.cli;

import java.io.ByteArrayOutputStream;

/** Hex in and out, in the forms people paste from captures and want to read back. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * The bytes of {@code text}: pairs of hex digits, with any whitespace or colons between them
     * (as Wireshark, xxd and RFC examples write them).
     *
     * @throws IllegalArgumentException for any other character, or an odd number of digits
     */
    static byte[] parse(CharSequence text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 2);
        int high = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || Character.isWhitespace(c)) {
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a hex digit (at character " + (i + 1) + ")");
            }
            if (high < 0) {
                high = digit;
            } else {
                bytes.write(high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hex digits: the last byte is missing a digit");
        }
        return bytes.toByteArray();
    }

    /** {@code bytes[from, to)} as lower-case hex, with no separators. */
    static String format(byte[] bytes, int from, int to) {
        StringBuilder hex = new StringBuilder((to - from) * 2);
        for (int i = from; i < to; i++) {
            hex.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        return hex.toString();
    }

    /** All of {@code bytes} as lower-case hex. */
    static String format(byte[] bytes) {
        return format(bytes, 0, bytes.length);
    }

    /** A 32-bit masking key as the four bytes it is on the wire. */
    static String format(int key) {
        return String.format("%08x", key);
    }
}
