package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes frame headers (RFC 6455 section 5.2). Stateless: a header is a handful of primitives, and
 * this class turns them into the 2 to 14 bytes that precede a payload, always with the shortest
 * length encoding. Reading headers is the {@link FrameDecoder}'s job, because it must resume
 * across reads.
 */
public final class FrameHeader {

    /** The longest header: 2 bytes, an 8-byte length and a 4-byte masking key. */
    public static final int MAX_SIZE = 14;
    /** The largest payload that fits the 7-bit length. */
    public static final int MAX_7BIT_LENGTH = 125;
    /** The largest payload that fits the 16-bit length. */
    public static final int MAX_16BIT_LENGTH = 0xFFFF;

    /** The FIN bit in the first byte. */
    public static final int FIN = 0x80;
    /** RSV1, owned by permessage-deflate when negotiated. */
    public static final int RSV1 = 0x40;
    /** RSV2. */
    public static final int RSV2 = 0x20;
    /** RSV3. */
    public static final int RSV3 = 0x10;

    private FrameHeader() {
    }

    /** How many header bytes a frame with this payload length needs. */
    public static int size(long payloadLength, boolean masked) {
        int lengthBytes = payloadLength <= MAX_7BIT_LENGTH ? 0 : payloadLength <= MAX_16BIT_LENGTH ? 2 : 8;
        return 2 + lengthBytes + (masked ? 4 : 0);
    }

    /**
     * Puts a header at {@code target}'s position, which advances. Lengths and the key go in network
     * byte order whatever {@code target}'s {@link ByteBuffer#order() order} is.
     *
     * @param rsv the reserved bits, as {@link #RSV1} | {@link #RSV2} | {@link #RSV3}
     * @param masked whether a masking key follows; {@code maskKey} is written only then
     */
    public static void write(ByteBuffer target, boolean fin, int rsv, int opcode, long payloadLength,
                             boolean masked, int maskKey) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        boolean swap = target.order() != ByteOrder.BIG_ENDIAN;
        target.put((byte) ((fin ? FIN : 0) | (rsv & 0x70) | (opcode & 0x0F)));
        int maskBit = masked ? 0x80 : 0;
        if (payloadLength <= MAX_7BIT_LENGTH) {
            target.put((byte) (maskBit | (int) payloadLength));
        } else if (payloadLength <= MAX_16BIT_LENGTH) {
            target.put((byte) (maskBit | 126));
            short length16 = (short) payloadLength;
            target.putShort(swap ? Short.reverseBytes(length16) : length16);
        } else {
            target.put((byte) (maskBit | 127));
            target.putLong(swap ? Long.reverseBytes(payloadLength) : payloadLength);
        }
        if (masked) {
            target.putInt(swap ? Integer.reverseBytes(maskKey) : maskKey);
        }
    }
}
