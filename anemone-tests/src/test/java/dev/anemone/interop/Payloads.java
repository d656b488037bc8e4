package dev.anemone.interop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The deterministic payloads every peer builds the same way (node/peer-common.js and
 * python/peer_common.py hold the twins of these two generators), and their digests.
 */
final class Payloads {

    /** One unit of text with 1-, 2-, 3- and 4-byte UTF-8 characters. */
    static final String UNIT = "Anemone \u00e9\u00fc \u03a9\u03bc \u2194 \u20ac \uD83C\uDF0A\uD83D\uDC1A | ";

    private Payloads() {
    }

    /** Exactly {@code size} bytes of UTF-8: whole units, then as many characters as fit, then '.' padding. */
    static byte[] text(int size) {
        byte[] unit = UNIT.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        int at = 0;
        while (size - at >= unit.length) {
            System.arraycopy(unit, 0, out, at, unit.length);
            at += unit.length;
        }
        for (int cp : UNIT.codePoints().toArray()) {
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (bytes.length > size - at) {
                break;
            }
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
        }
        Arrays.fill(out, at, size, (byte) '.');
        return out;
    }

    /** {@code size} bytes, byte i being i % 251. */
    static byte[] binary(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (i % 251);
        }
        return out;
    }

    /** The payload of {@code type} "text" or "binary". */
    static byte[] of(String type, int size) {
        return switch (type) {
            case "text" -> text(size);
            case "binary" -> binary(size);
            default -> throw new IllegalArgumentException("unknown payload type: " + type);
        };
    }

    static String sha256(byte[] data) {
        return sha256(ByteBuffer.wrap(data));
    }

    /** The digest of the buffer's remaining bytes, leaving its position alone. */
    static String sha256(ByteBuffer data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** The buffer's remaining bytes in hex, leaving its position alone. */
    static String hex(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }
}
