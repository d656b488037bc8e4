package dev.anemone.bench.load;

/**
 * Builds the frames a client sends (RFC 6455 section 5.2): final, masked, with the payload
 * already XOR-ed with the key.
 *
 * <p>Written here rather than borrowed from {@code anemone-protocol} so that the instrument does
 * not share code, or bugs, with one of the servers it measures.
 */
public final class ClientFrames {

    /** Opcode of a text frame. */
    public static final int TEXT = 0x1;
    /** Opcode of a binary frame. */
    public static final int BINARY = 0x2;
    /** Opcode of a close frame. */
    public static final int CLOSE = 0x8;
    /** Opcode of a ping frame. */
    public static final int PING = 0x9;
    /** Opcode of a pong frame. */
    public static final int PONG = 0xA;
    /** Bit of the first header byte saying the message is compressed (permessage-deflate). */
    public static final int RSV1 = 0x40;

    /** Every pre-built frame uses this key: the server cannot tell, and it lets frames be built once. */
    private static final byte[] MASK_KEY = {0x37, (byte) 0xFA, 0x21, 0x3D};

    private ClientFrames() {
    }

    /** One final, masked frame of {@code opcode} carrying {@code payload}; RSV1 set when {@code compressed}. */
    public static byte[] masked(int opcode, boolean compressed, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) (0x80 | (compressed ? RSV1 : 0) | opcode);
        int at = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) length >>> shift);
            }
        }
        System.arraycopy(MASK_KEY, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ MASK_KEY[i & 3]);
        }
        return frame;
    }

    /** A close frame with {@code code} and no reason. */
    public static byte[] close(int code) {
        return masked(CLOSE, false, new byte[] {(byte) (code >>> 8), (byte) code});
    }
}
