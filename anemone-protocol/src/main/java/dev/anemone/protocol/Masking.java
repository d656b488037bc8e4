package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 section 5.3, eight bytes at a time.
 *
 * <p>The 32-bit masking key is kept as an {@code int} whose most significant byte is the key's
 * first byte on the wire; the eight-byte key is byte-swapped for a little-endian buffer, so that
 * the result never depends on the buffer's {@link ByteBuffer#order() order}. A payload may be
 * unmasked in pieces as it arrives; {@code payloadOffset} says where the piece starts within its
 * frame's payload, which picks the key byte to start with.
 */
public final class Masking {

    private Masking() {
    }

    /**
     * Masks or unmasks (the operation is its own inverse) {@code buffer[from, to)} in place.
     *
     * @param payloadOffset the position of {@code from} within the frame's payload
     */
    public static void maskInPlace(ByteBuffer buffer, int from, int to, int maskKey, long payloadOffset) {
        if (maskKey == 0) {
            return;
        }
        int key = Integer.rotateLeft(maskKey, (int) (payloadOffset & 3) * 8);
        long key64 = ((long) key << 32) | (key & 0xFFFFFFFFL);
        if (buffer.order() == ByteOrder.LITTLE_ENDIAN) {
            key64 = Long.reverseBytes(key64);   // getLong reads the first byte as the least significant
        }
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            buffer.putLong(i, buffer.getLong(i) ^ key64);
        }
        for (; i < to; i++) {
            buffer.put(i, (byte) (buffer.get(i) ^ (key >>> 24)));
            key = Integer.rotateLeft(key, 8);
        }
    }

    /**
     * Copies {@code source}'s remaining bytes into {@code target} at its position, masking them
     * with {@code maskKey} from the start of a payload. Both positions advance.
     */
    public static void maskInto(ByteBuffer source, ByteBuffer target, int maskKey) {
        int length = source.remaining();
        int start = target.position();
        target.put(source);
        maskInPlace(target, start, start + length, maskKey, 0);
    }
}
