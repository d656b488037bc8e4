package dev.anemone.bench;

import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Masking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test data shared by the benchmarks: payloads and pre-built frames, made once per trial. */
final class Frames {

    /** The masking key of every pre-built client frame. */
    static final int MASK_KEY = 0x37FA213D;
    /** A 16-byte ASCII text payload. */
    static final byte[] TEXT_16 = "Hello, Anemone!!".getBytes(StandardCharsets.US_ASCII);
    /** A 16-byte binary payload. */
    static final byte[] BINARY_16 = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 0x80, (byte) 0x91, (byte) 0xA2,
        (byte) 0xB3, (byte) 0xC4, (byte) 0xD5, (byte) 0xE6, (byte) 0xFF};

    private Frames() {
    }

    /** A heap or direct buffer of {@code capacity} bytes. */
    static ByteBuffer allocate(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** Appends one final, masked frame (as a client sends it) to {@code target}. */
    static void putMaskedFrame(ByteBuffer target, int opcode, byte[] payload) {
        FrameHeader.write(target, true, 0, opcode, payload.length, true, MASK_KEY);
        Masking.maskInto(ByteBuffer.wrap(payload), target, MASK_KEY);
    }

    /**
     * A read-only copy (not a view: the decoder unmasks the original in place) of
     * {@code frames}'s bytes up to its position, to restore the masked input from.
     */
    static ByteBuffer pristine(ByteBuffer frames) {
        ByteBuffer copy = ByteBuffer.allocate(frames.position());
        copy.put(0, frames, 0, frames.position());
        return copy.asReadOnlyBuffer();
    }
}
