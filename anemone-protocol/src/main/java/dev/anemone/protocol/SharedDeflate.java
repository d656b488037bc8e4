package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * permessage-deflate's {@link SharedEncoder}: a message compressed on its own (no context
 * takeover) with one window size is the same for every connection that agreed to those terms, so
 * it is compressed once, with a deflater borrowed from the pool for that message only.
 */
final class SharedDeflate implements SharedEncoder {

    private static final Runnable NOTHING_HELD = () -> { };

    private final ZlibPool pool;
    private final int threshold;
    private final int windowBits;

    SharedDeflate(ZlibPool pool, int threshold, int windowBits) {
        this.pool = pool;
        this.threshold = threshold;
        this.windowBits = windowBits;
    }

    /** The LZ77 window it compresses for. */
    int windowBits() {
        return windowBits;
    }

    @Override
    public ByteBuffer encode(ByteBuffer payload) {
        // A codec for this one message, so that compressing here is exactly what a connection's
        // own codec would do; its output buffer is then nobody else's.
        DeflateCodec once = new DeflateCodec(pool, threshold, false, false, windowBits, NOTHING_HELD, null);
        return once.encode(payload.duplicate());
    }

    @Override
    public int reservedBit() {
        return FrameHeader.RSV1;
    }
}
