package dev.anemone.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Deterministic payloads: the same arguments give the same bytes, so a failure can be replayed. */
final class Payloads {

    private static final String[] WORDS = {"anemone", "frame", "socket", "deflate", "message", "ping", "pong",
        "close", "the", "a", "of", "context", "window", "sliding", "takeover", "echo", "text", "binary", "é", "€"};

    private Payloads() {
    }

    /** {@code length} ASCII bytes cycling through the printable range. */
    static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('!' + i % 94);
        }
        return bytes;
    }

    /** {@code length} random bytes, the same for the same seed. */
    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Exactly {@code length} bytes of UTF-8 text with 1- to 4-byte characters throughout; a
     * character that would be cut at the end is replaced by spaces.
     */
    static byte[] multibyteText(int length) {
        String cycle = "Anemone ünïcödé ✓ 🌊 κόσμε ";
        byte[] unit = cycle.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = unit[i % unit.length];
        }
        int start = length;
        while (start > 0 && (bytes[start - 1] & 0xC0) == 0x80) {
            start--;
        }
        if (start > 0 && (bytes[start - 1] & 0x80) != 0) {
            int lead = bytes[start - 1] & 0xFF;
            int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (length - (start - 1) < size) {
                Arrays.fill(bytes, start - 1, length, (byte) ' ');
            }
        }
        return bytes;
    }

    /**
     * Compressible UTF-8 text of exactly {@code length} bytes: random words from a small
     * vocabulary, different for each seed. A partial multi-byte word at the end is padded with spaces.
     */
    static byte[] words(int length, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[length];
        int at = 0;
        while (at < length) {
            byte[] word = (WORDS[random.nextInt(WORDS.length)] + " ").getBytes(StandardCharsets.UTF_8);
            if (at + word.length > length) {
                while (at < length) {
                    out[at++] = ' ';
                }
                break;
            }
            System.arraycopy(word, 0, out, at, word.length);
            at += word.length;
        }
        return out;
    }

    /** Compressible binary data: words with every 7th byte replaced by a random one. */
    static byte[] compressibleBinary(int length, long seed) {
        byte[] bytes = words(length, seed);
        Random random = new Random(~seed);
        for (int i = 0; i < length; i += 7) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
