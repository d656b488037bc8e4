package dev.anemone.protocol;

import java.nio.ByteBuffer;

/** Hex strings as test vectors: spaces and line breaks are ignored, so vectors can be grouped like the RFC prints them. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /**
     * A vector with a marker: {@code "01 05 41 42 ^ff 43 44"} is the bytes without the {@code ^},
     * and {@link Marked#mark()} is the index of the byte it precedes (here 4), or -1 without one.
     */
    static Marked marked(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        int caret = digits.indexOf('^');
        if (caret % 2 != 0) {
            throw new IllegalArgumentException("the marker must precede a byte: " + hex);
        }
        return new Marked(bytes(digits.replace("^", "")), caret < 0 ? -1 : caret / 2);
    }

    record Marked(byte[] bytes, int mark) {
    }

    static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    static String of(byte[] bytes, int from, int to) {
        StringBuilder hex = new StringBuilder(2 * (to - from));
        for (int i = from; i < to; i++) {
            hex.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return hex.toString();
    }

    /** The remaining bytes of {@code buffer}, without moving its position. */
    static String of(ByteBuffer buffer) {
        return of(remaining(buffer));
    }

    static byte[] remaining(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
