package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * Writes one connection's frames to its {@link Outbound}: a header into a reused 14-byte buffer
 * (the outbound's, if it lends one) and the payload as it is, or, for a client, masked with a fresh key through a scratch buffer in
 * chunks (RFC 6455 section 5.3), so a large message never needs a second copy of itself.
 *
 * <p>A server writing to an outbound that lends its header buffer keeps nothing of its own, so all
 * such connections share {@link #SHARED}: one object less per idle connection.
 */
final class FrameWriter {

    /** An empty buffer, for a frame without payload or a chunk without header. */
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** Client frames are masked through a scratch buffer of at most this size. */
    private static final int MASK_CHUNK = 64 * 1024;
    /** A scratch buffer up to this size is kept for the next frame; a larger one is let go. */
    private static final int KEPT_SCRATCH = 4 * 1024;

    /** The stateless writer of every server connection whose outbound lends a header buffer. */
    private static final FrameWriter SHARED = new FrameWriter(false, null);

    private final boolean masks;
    private final RandomGenerator maskKeys;
    /** The header buffer when the outbound does not lend one; made on first use. */
    private ByteBuffer ownHeader;
    private ByteBuffer maskScratch;

    private FrameWriter(boolean masks, RandomGenerator maskKeys) {
        this.masks = masks;
        this.maskKeys = maskKeys;
    }

    /** The writer for a connection in {@code role} writing to {@code out}; shared where it can be. */
    static FrameWriter of(Role role, RandomGenerator maskKeys, Outbound out) {
        boolean masks = role.masksOutgoing();
        return !masks && out.headerBuffer() != null ? SHARED : new FrameWriter(masks, maskKeys);
    }

    /** Whether frames are masked: whether this is a client's writer. */
    boolean masks() {
        return masks;
    }

    /** Writes one frame carrying {@code payload}'s remaining bytes to {@code out}. */
    void write(Outbound out, boolean fin, int rsv, int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int maskKey = masks ? maskKeys.nextInt() : 0;
        ByteBuffer header = headerBuffer(out);
        header.clear();
        FrameHeader.write(header, fin, rsv, opcode, length, masks, maskKey);
        header.flip();
        if (!masks) {
            out.write(header, payload);
            return;
        }
        ByteBuffer scratch = maskScratch(length);
        int position = payload.position();
        int end = position + length;
        ByteBuffer headerOrEmpty = header;
        do {
            int n = Math.min(end - position, scratch.capacity());
            scratch.clear();
            scratch.put(0, payload, position, n);
            Masking.maskInPlace(scratch, 0, n, maskKey, (long) position - payload.position());
            scratch.limit(n);
            out.write(headerOrEmpty, scratch);
            headerOrEmpty = EMPTY;
            position += n;
        } while (position < end);
        if (scratch.capacity() > KEPT_SCRATCH) {
            maskScratch = null;
        }
    }

    /** Writes bytes that already form whole frames, such as a broadcast encoded once. */
    static void writeEncoded(Outbound out, ByteBuffer frames) {
        out.write(EMPTY, frames);
    }

    /** Lets go of the scratch buffer: the connection is over. */
    void release() {
        maskScratch = null;
    }

    private ByteBuffer headerBuffer(Outbound out) {
        ByteBuffer lent = out.headerBuffer();
        if (lent != null) {
            return lent;
        }
        if (ownHeader == null) {
            ownHeader = ByteBuffer.allocate(FrameHeader.MAX_SIZE);
        }
        return ownHeader;
    }

    private ByteBuffer maskScratch(int length) {
        int wanted = Math.max(Math.min(length, MASK_CHUNK), 1);
        if (maskScratch == null || maskScratch.capacity() < wanted) {
            maskScratch = ByteBuffer.allocate(Math.max(wanted, 128));
        }
        return maskScratch;
    }
}
