package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A resumable frame parser (RFC 6455 section 5.2): feed it bytes in chunks of any size and it
 * reports each frame's header, then its payload, unmasked, as ranges of the input buffer.
 *
 * <p>Nothing is copied on the common path: a payload is unmasked in place, eight bytes at a time,
 * and handed out as {@code [from, to)} of the buffer that was passed in. Only two things are ever
 * copied: a header split across reads (at most 14 bytes) and a control frame split across reads
 * (at most 125 bytes), so that control frames always arrive whole. A data payload split across
 * reads arrives as several ranges; the handler decides whether to copy them.
 *
 * <p>The decoder checks the rules a single frame can break on its own: reserved bits, reserved
 * opcodes, the mask bit for the role, control frame length and fragmentation, the 64-bit length's
 * top bit. Rules that span frames (fragmentation order, message size, UTF-8) are the handler's.
 */
public final class FrameDecoder {

    /** Receives what the decoder finds. Ranges are valid only during the call. */
    public interface Handler {
        /** A frame header has been read and passed the single-frame rules. */
        void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength, boolean masked, int maskKey)
                throws ProtocolException;

        /**
         * The next unmasked piece of the current frame's payload: {@code buffer[from, to)}. Called at
         * least once per frame (with an empty range for an empty payload); the last call has
         * {@code frameComplete} set. A control frame's payload always comes in one call.
         */
        void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) throws ProtocolException;
    }

    /** Frames may come masked or not: a tool reading captures. */
    private static final byte MASK_EITHER = 0;
    private static final byte MASK_REQUIRED = 1;
    private static final byte MASK_FORBIDDEN = 2;

    private final Handler handler;
    // Bytes rather than ints and references where the values fit: a decoder lives as long as its
    // connection, and a word less a connection counts by the hundred thousand.
    private final byte maskRule;
    private byte allowedRsv;

    /**
     * What a read cut in two: between frames, a header (the buffer is then kept, cleared, for the
     * next one); in a control frame's payload, that payload (the buffer is handed on with it).
     * Allocated only when a cut happens.
     */
    private ByteBuffer partial;

    private boolean inPayload;
    private byte opcode;
    private boolean masked;
    /** The key for the next payload byte: turned as the payload goes by, so no offset is kept. */
    private int maskKey;
    /** The current frame's payload bytes not yet decoded: one long where a length and an offset would take two. */
    private long payloadLeft;
    private boolean stopped;
    private boolean paused;

    /**
     * @param role the role of the endpoint that receives; {@code null} accepts frames masked or not
     *     (for tools that inspect captures)
     */
    public FrameDecoder(Role role, Handler handler) {
        this.maskRule = role == null ? MASK_EITHER : role.expectsMaskedIncoming() ? MASK_REQUIRED : MASK_FORBIDDEN;
        this.handler = handler;
    }

    /** Which reserved bits negotiated extensions own, as {@link FrameHeader#RSV1} and friends. */
    public void allowReservedBits(int rsvBits) {
        this.allowedRsv = (byte) (rsvBits & 0x70);
    }

    /** Stops decoding: later calls to {@link #decode} consume nothing. */
    public void stop() {
        stopped = true;
    }

    /**
     * Stops at the next frame or payload piece: {@link #decode} returns with the rest of its input
     * unconsumed until {@link #resume()}. This is how a receiver that cannot take more yet stops
     * being handed frames in the middle of a read.
     */
    public void pause() {
        paused = true;
    }

    /** Decodes again after {@link #pause()}; feed it the input left unconsumed. */
    public void resume() {
        paused = false;
    }

    /** Whether the decoder is between frames. */
    public boolean atFrameBoundary() {
        return !inPayload && (partial == null || partial.position() == 0);
    }

    /**
     * Decodes as much of {@code in} as possible, advancing its position, or until paused. The
     * payload bytes it reports are unmasked in place.
     *
     * @throws ProtocolException when a frame breaks a rule; the decoder must not be used again
     */
    public void decode(ByteBuffer in) throws ProtocolException {
        while (!stopped && !paused) {
            if (!inPayload) {
                if (!readHeader(in)) {
                    return;
                }
                if (payloadLeft == 0) {
                    inPayload = false;
                    handler.onPayload(in, in.position(), in.position(), true);
                    continue;
                }
            }
            if (!in.hasRemaining()) {
                return;
            }
            if (Opcode.isControl(opcode)) {
                readControlPayload(in);
            } else {
                readDataPayload(in);
            }
        }
    }

    private void readDataPayload(ByteBuffer in) throws ProtocolException {
        int from = in.position();
        int n = (int) Math.min(payloadLeft, in.remaining());
        int to = from + n;
        Masking.maskInPlace(in, from, to, maskKey, 0);
        maskKey = Integer.rotateLeft(maskKey, (n & 3) * 8);
        payloadLeft -= n;
        boolean complete = payloadLeft == 0;
        inPayload = !complete;
        in.position(to);
        handler.onPayload(in, from, to, complete);
    }

    private void readControlPayload(ByteBuffer in) throws ProtocolException {
        int length = (int) payloadLeft;
        boolean cut = partial != null && partial.position() > 0;
        if (!cut && in.remaining() >= length) {
            int from = in.position();
            int to = from + length;
            Masking.maskInPlace(in, from, to, maskKey, 0);
            in.position(to);
            inPayload = false;
            handler.onPayload(in, from, to, true);
            return;
        }
        if (partial == null || partial.capacity() < length) {
            partial = ByteBuffer.allocate(FrameHeader.MAX_7BIT_LENGTH);
        }
        int n = Math.min(length - partial.position(), in.remaining());
        partial.put(partial.position(), in, in.position(), n);
        partial.position(partial.position() + n);
        in.position(in.position() + n);
        if (partial.position() == length) {
            ByteBuffer whole = partial;
            partial = null;
            Masking.maskInPlace(whole, 0, length, maskKey, 0);
            inPayload = false;
            handler.onPayload(whole, 0, length, true);
        }
    }

    /** Reads a header from {@code in}, gathering it across calls if it is split; false if more bytes are needed. */
    private boolean readHeader(ByteBuffer in) throws ProtocolException {
        if (partial == null || partial.position() == 0) {
            int available = in.remaining();
            if (available >= 2 && available >= headerSize(in.get(in.position() + 1))) {
                int start = in.position();
                in.position(start + parseHeader(in, start));
                return true;
            }
            if (available == 0) {
                return false;
            }
            if (partial == null) {
                partial = ByteBuffer.allocate(FrameHeader.MAX_SIZE);
            }
        }
        while (in.hasRemaining()) {
            partial.put(in.get());
            int have = partial.position();
            if (have >= 2 && have == headerSize(partial.get(1))) {
                parseHeader(partial, 0);
                partial.clear();
                return true;
            }
        }
        return false;
    }

    private static int headerSize(byte secondByte) {
        int length7 = secondByte & 0x7F;
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + lengthBytes + ((secondByte & 0x80) != 0 ? 4 : 0);
    }

    /**
     * Parses a complete header at {@code at}, checks it and tells the handler; returns its size.
     * The length and key are read in network byte order whatever {@code source}'s order is.
     */
    private int parseHeader(ByteBuffer source, int at) throws ProtocolException {
        boolean swap = source.order() != ByteOrder.BIG_ENDIAN;
        int first = source.get(at) & 0xFF;
        int second = source.get(at + 1) & 0xFF;
        boolean fin = (first & FrameHeader.FIN) != 0;
        int rsv = first & 0x70;
        opcode = (byte) (first & 0x0F);
        masked = (second & 0x80) != 0;
        int length7 = second & 0x7F;
        int cursor = at + 2;
        long payloadLength;
        if (length7 == 126) {
            short length16 = source.getShort(cursor);
            payloadLength = (swap ? Short.reverseBytes(length16) : length16) & 0xFFFF;
            cursor += 2;
        } else if (length7 == 127) {
            long length64 = source.getLong(cursor);
            payloadLength = swap ? Long.reverseBytes(length64) : length64;
            cursor += 8;
        } else {
            payloadLength = length7;
        }
        maskKey = 0;
        if (masked) {
            int key = source.getInt(cursor);
            maskKey = swap ? Integer.reverseBytes(key) : key;
            cursor += 4;
        }
        checkFrame(fin, rsv, payloadLength);
        payloadLeft = payloadLength;
        inPayload = true;
        handler.onFrameHeader(fin, rsv, opcode, payloadLength, masked, maskKey);
        return cursor - at;
    }

    private void checkFrame(boolean fin, int rsv, long payloadLength) throws ProtocolException {
        if (Opcode.isReserved(opcode)) {
            throw new ProtocolException(Violation.RESERVED_OPCODE, "0x" + Integer.toHexString(opcode));
        }
        if ((rsv & ~allowedRsv) != 0) {
            throw new ProtocolException(Violation.RESERVED_BITS, rsvNames(rsv & ~allowedRsv));
        }
        if (maskRule != MASK_EITHER && masked != (maskRule == MASK_REQUIRED)) {
            throw new ProtocolException(masked ? Violation.MASKED_FRAME : Violation.UNMASKED_FRAME);
        }
        if (payloadLength < 0) {
            throw new ProtocolException(Violation.LENGTH_TOP_BIT);
        }
        if (Opcode.isControl(opcode)) {
            if (payloadLength > FrameHeader.MAX_7BIT_LENGTH) {
                throw new ProtocolException(Violation.CONTROL_FRAME_TOO_LONG, payloadLength + " bytes");
            }
            if (!fin) {
                throw new ProtocolException(Violation.FRAGMENTED_CONTROL_FRAME);
            }
        }
        // RSV1 marks the first frame of a compressed message; a control frame never carries it.
        if (rsv != 0 && Opcode.isControl(opcode)) {
            throw new ProtocolException(Violation.RESERVED_BITS, "on a control frame");
        }
    }

    private static String rsvNames(int rsv) {
        StringBuilder names = new StringBuilder();
        if ((rsv & FrameHeader.RSV1) != 0) {
            names.append("RSV1 ");
        }
        if ((rsv & FrameHeader.RSV2) != 0) {
            names.append("RSV2 ");
        }
        if ((rsv & FrameHeader.RSV3) != 0) {
            names.append("RSV3 ");
        }
        return names.toString().trim();
    }
}
