package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate on one connection (RFC 7692 section 7.2): raw DEFLATE per message, the
 * {@code 00 00 ff ff} tail removed on sending and restored on receiving.
 *
 * <p>Inflated bytes go straight into the engine's message buffer, which refuses to grow past the
 * message size limit, so a compression bomb fails with 1009 having used at most that much memory.
 * A window smaller than 15 bits, which the JDK's deflater cannot be told about, is honoured by
 * compressing in segments of half the window, each started afresh with the half window before it
 * as a preset dictionary: a back-reference then reaches at most one byte less than the window,
 * and compression stays nearly as good as with a real small window.
 */
final class DeflateCodec implements MessageCodec {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    /** Given to zlib after each use, so it keeps no reference to a caller's buffer. */
    private static final byte[] NO_INPUT = new byte[0];
    /** An output buffer up to this size is kept for the next message; a larger one is let go. */
    private static final int KEPT_OUTPUT = 8 * 1024;

    private final ZlibPool pool;
    private final int threshold;
    private final boolean keepInflateContext;
    private final boolean keepDeflateContext;
    private final int deflateWindowBits;
    private final Runnable onRelease;
    /** What encodes a message for this connection and its like at once, or null when we keep a context. */
    private final SharedEncoder sharedEncoder;
    private Inflater inflater;
    /** The peer ended this message's stream with a final block: the rest of the message is ignored. */
    private boolean streamEnded;
    private Deflater deflater;
    private ByteBuffer encoded;
    /** The last half window of input, for a window under 15 bits; null otherwise. */
    private byte[] history;
    private int historyLength;

    DeflateCodec(ZlibPool pool, int threshold, boolean keepInflateContext, boolean keepDeflateContext,
                 int deflateWindowBits, Runnable onRelease, SharedEncoder sharedEncoder) {
        this.pool = pool;
        this.threshold = threshold;
        this.keepInflateContext = keepInflateContext;
        this.keepDeflateContext = keepDeflateContext;
        this.deflateWindowBits = deflateWindowBits;
        this.onRelease = onRelease;
        this.sharedEncoder = keepDeflateContext ? null : sharedEncoder;
    }

    @Override
    public int reservedBit() {
        return FrameHeader.RSV1;
    }

    @Override
    public SharedEncoder sharedEncoder() {
        return sharedEncoder;
    }

    @Override
    public void decode(ByteBuffer in, boolean endOfMessage, Output out) throws ProtocolException {
        if (inflater == null) {
            inflater = pool.inflater();
        }
        if (!streamEnded && !inflate(in, out, true)) {
            // The receiver paused: the rest of the input comes back when it resumes.
            return;
        }
        if (endOfMessage) {
            if (streamEnded) {
                // RFC 7692 section 7.2.3.3: a message may end with a final block; the next one
                // then starts a new stream, and the 00 00 ff ff tail belongs to neither.
                inflater.reset();
                streamEnded = false;
            } else {
                // The loop above ended wanting input, so the buffer has room: no part, no pause here.
                inflate(ByteBuffer.wrap(TAIL), out, false);
            }
            if (!keepInflateContext) {
                pool.give(inflater);
                inflater = null;
            }
        }
    }

    /**
     * Inflates {@code in} into the engine's buffer; returns false if it stopped because the
     * receiver paused, with {@code in}'s position at what was consumed, true once it needs input.
     */
    private boolean inflate(ByteBuffer in, Output out, boolean stoppable) throws ProtocolException {
        inflater.setInput(in);
        try {
            while (true) {
                ByteBuffer room = out.room();
                if (stoppable && out.paused()) {
                    return false;
                }
                int start = room.position();
                int n = inflater.inflate(room);
                if (n > 0) {
                    out.produced(start, start + n);
                } else if (inflater.finished()) {
                    streamEnded = true;
                    return true;
                } else if (inflater.needsInput()) {
                    return true;
                } else if (inflater.needsDictionary()) {
                    throw new ProtocolException(Violation.BAD_COMPRESSED_DATA, "a preset dictionary is not allowed");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException(Violation.BAD_COMPRESSED_DATA, e.getMessage());
        } finally {
            // The inflater must not keep a reference to a buffer the transport will reuse.
            inflater.setInput(NO_INPUT);
        }
    }

    @Override
    public ByteBuffer encode(ByteBuffer payload) {
        if (payload.remaining() < threshold || payload.remaining() == 0) {
            return null;
        }
        return encodePart(payload, true, true);
    }

    /**
     * Each part is deflated with a sync flush, so it ends on a byte boundary and the peer can
     * inflate it at once; the {@code 00 00 ff ff} tail is dropped from the last part only (an
     * intermediate part keeps it: an empty stored block the peer inflates to nothing). An empty
     * last part after a flush, when zlib has nothing to write, becomes the single byte {@code 00}. The
     * threshold does not apply, since the message's size is unknown at its first part.
     */
    @Override
    public ByteBuffer encodePart(ByteBuffer payload, boolean first, boolean last) {
        if (deflater == null) {
            deflater = pool.deflater();
        }
        if (encoded == null || encoded.capacity() < 64) {
            encoded = ByteBuffer.allocate(Math.min(Math.max(payload.remaining() / 2, 64), 64 * 1024));
        }
        encoded.clear();
        ByteBuffer input = payload.duplicate();
        if (deflateWindowBits >= 15) {
            deflater.setInput(input);
            deflateAll(Deflater.SYNC_FLUSH);
        } else {
            deflateInHalfWindows(input, first, last);
        }
        deflater.setInput(NO_INPUT);
        if (last && !keepDeflateContext) {
            pool.give(deflater);
            deflater = null;
        }
        encoded.flip();
        if (last && encoded.hasRemaining()) {
            // A sync or full flush ends with an empty stored block, 00 00 ff ff: the RFC drops it.
            encoded.limit(encoded.limit() - TAIL.length);
        } else if (last) {
            // Nothing came since the last flush (an empty last part), so zlib wrote nothing at all:
            // the last frame is then the one byte 00, an empty stored block without its tail
            // (RFC 7692 section 7.2.3.6), for the peer's 00 00 ff ff to complete.
            encoded.clear().put((byte) 0).flip();
        }
        ByteBuffer result = encoded;
        if (encoded.capacity() > KEPT_OUTPUT) {
            encoded = null;
        }
        return result;
    }

    /**
     * Compresses {@code input} in segments of half the window. Each segment starts a new deflate
     * stream primed with the half window before it (the same bytes the peer's inflater already
     * holds), so no distance can reach past the negotiated window.
     */
    private void deflateInHalfWindows(ByteBuffer input, boolean firstPart, boolean lastPart) {
        int half = 1 << (deflateWindowBits - 1);
        if (history == null) {
            history = new byte[half];
        }
        if (firstPart && !keepDeflateContext) {
            historyLength = 0;
        }
        while (input.hasRemaining()) {
            int length = Math.min(half, input.remaining());
            ByteBuffer piece = input.slice().limit(length);
            input.position(input.position() + length);
            deflater.reset();
            if (historyLength > 0) {
                deflater.setDictionary(history, 0, historyLength);
            }
            deflater.setInput(piece.duplicate());
            deflateAll(Deflater.SYNC_FLUSH);
            remember(piece, half);
        }
        if (lastPart && !keepDeflateContext) {
            history = null;
        }
    }

    /** Keeps the last half window of everything compressed so far. */
    private void remember(ByteBuffer piece, int half) {
        int length = piece.remaining();
        int kept = Math.min(historyLength, half - length);
        System.arraycopy(history, historyLength - kept, history, 0, kept);
        piece.get(history, kept, length);
        historyLength = kept + length;
    }

    private void deflateAll(int flush) {
        while (true) {
            int room = encoded.remaining();
            int n = deflater.deflate(encoded, flush);
            if (n < room && deflater.needsInput()) {
                return;
            }
            ByteBuffer larger = ByteBuffer.allocate(encoded.capacity() * 2);
            encoded.flip();
            larger.put(encoded);
            encoded = larger;
        }
    }

    @Override
    public void release() {
        if (inflater != null) {
            pool.give(inflater);
            inflater = null;
        }
        if (deflater != null) {
            pool.give(deflater);
            deflater = null;
        }
        encoded = null;
        history = null;
        onRelease.run();
    }
}
