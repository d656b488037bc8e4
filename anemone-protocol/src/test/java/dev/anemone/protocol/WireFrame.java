package dev.anemone.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame as it is on the wire, with a deliberately naive encoder and parser written straight from
 * the picture in RFC 6455 section 5.2, one byte at a time. It shares no code with
 * {@link FrameHeader}, {@link FrameDecoder} or {@link Masking}, so tests that use it to build input
 * or read output check the engine against an independent reading of the RFC.
 *
 * @param payload the unmasked payload
 * @param maskKey the masking key as it appears on the wire (first byte most significant); ignored when not masked
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, int maskKey, byte[] payload) {

    static WireFrame unmasked(boolean fin, int opcode, byte[] payload) {
        return new WireFrame(fin, 0, opcode, false, 0, payload);
    }

    static WireFrame masked(boolean fin, int opcode, byte[] payload, int maskKey) {
        return new WireFrame(fin, 0, opcode, true, maskKey, payload);
    }

    /** A frame as sent by {@code sender}: masked with {@code maskKey} when the sender is a client. */
    static WireFrame from(Role sender, boolean fin, int opcode, byte[] payload, int maskKey) {
        return new WireFrame(fin, 0, opcode, sender == Role.CLIENT, maskKey, payload);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] closePayload(int code, String reason) {
        return Hex.concat(new byte[] {(byte) (code >> 8), (byte) code}, text(reason));
    }

    /** The frame's bytes, the length in its shortest form. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | rsv | opcode);
        int maskBit = masked ? 0x80 : 0;
        long length = payload.length;
        if (length < 126) {
            out.write(maskBit | (int) length);
        } else if (length < 65536) {
            out.write(maskBit | 126);
            writeBigEndian(out, length, 2);
        } else {
            out.write(maskBit | 127);
            writeBigEndian(out, length, 8);
        }
        byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        if (masked) {
            out.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] encodeAll(List<WireFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (WireFrame frame : frames) {
            out.writeBytes(frame.encode());
        }
        return out.toByteArray();
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }

    /** Parses a sequence of whole frames; fails the test if the bytes end inside a frame. */
    static List<WireFrame> parseAll(byte[] bytes) {
        List<WireFrame> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int first = bytes[at++] & 0xFF;
            int second = bytes[at++] & 0xFF;
            long length = second & 0x7F;
            int lengthBytes = length == 126 ? 2 : length == 127 ? 8 : 0;
            if (lengthBytes > 0) {
                length = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    length = (length << 8) | (bytes[at++] & 0xFF);
                }
            }
            boolean masked = (second & 0x80) != 0;
            byte[] key = new byte[4];
            if (masked) {
                System.arraycopy(bytes, at, key, 0, 4);
                at += 4;
            }
            if (at + length > bytes.length) {
                throw new AssertionError("output ends inside a frame: " + Hex.of(bytes));
            }
            byte[] payload = Arrays.copyOfRange(bytes, at, at + (int) length);
            for (int i = 0; masked && i < payload.length; i++) {
                payload[i] ^= key[i % 4];
            }
            at += (int) length;
            int maskKey = ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16) | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF);
            frames.add(new WireFrame((first & 0x80) != 0, first & 0x70, first & 0x0F, masked, maskKey, payload));
        }
        return frames;
    }

    /** The close code in a Close frame's payload, or 1005 when it has none. */
    int closeCode() {
        return payload.length < 2 ? CloseStatus.NO_STATUS_RECEIVED : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    String closeReason() {
        return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    /** Fin, opcode and payload; what a receiver sees, whatever the mask. */
    String describe() {
        String shown = payload.length <= 64 ? Hex.of(payload)
                : payload.length + " bytes " + Hex.of(payload, 0, 16) + "... #" + Integer.toHexString(Arrays.hashCode(payload));
        return (fin ? "fin " : "    ") + Opcode.name(opcode) + (rsv != 0 ? " rsv=" + rsv : "") + " " + shown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireFrame f && fin == f.fin && rsv == f.rsv && opcode == f.opcode && masked == f.masked
                && (!masked || maskKey == f.maskKey) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + opcode;
    }

    @Override
    public String toString() {
        return describe() + (masked ? " masked " + Integer.toHexString(maskKey) : "");
    }
}
