package dev.anemone.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameDecoder.Handler} that gathers each frame's payload pieces back into whole
 * {@link WireFrame}s, and checks the handler contract as it goes: a header before any payload,
 * the last piece (and only it) marked complete, a control frame's payload in one call.
 */
final class RecordingHandler implements FrameDecoder.Handler {

    private final List<WireFrame> frames = new ArrayList<>();
    private final List<Integer> piecesPerFrame = new ArrayList<>();
    private ByteArrayOutputStream payload;
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private int maskKey;
    private long announcedLength;
    private int pieces;

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength, boolean masked, int maskKey) {
        if (payload != null) {
            throw new AssertionError("a header arrived inside the payload of the previous frame");
        }
        this.fin = fin;
        this.rsv = rsv;
        this.opcode = opcode;
        this.masked = masked;
        this.maskKey = maskKey;
        this.announcedLength = payloadLength;
        this.payload = new ByteArrayOutputStream();
        this.pieces = 0;
    }

    @Override
    public void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) {
        if (payload == null) {
            throw new AssertionError("payload before a header");
        }
        if (from > to || to > buffer.limit()) {
            throw new AssertionError("bad range [" + from + ", " + to + ") of a buffer limited at " + buffer.limit());
        }
        pieces++;
        byte[] piece = new byte[to - from];
        buffer.get(from, piece);
        payload.writeBytes(piece);
        if (Opcode.isControl(opcode) && (!frameComplete || pieces > 1)) {
            throw new AssertionError("a control frame's payload came in pieces");
        }
        if (frameComplete != (payload.size() == announcedLength)) {
            throw new AssertionError("frameComplete=" + frameComplete + " after " + payload.size() + " of "
                    + announcedLength + " bytes");
        }
        if (frameComplete) {
            frames.add(new WireFrame(fin, rsv, opcode, masked, maskKey, payload.toByteArray()));
            piecesPerFrame.add(pieces);
            payload = null;
        }
    }

    List<WireFrame> frames() {
        return frames;
    }

    /** How many onPayload calls each finished frame took. */
    List<Integer> piecesPerFrame() {
        return piecesPerFrame;
    }

    /** Whether a header was read whose payload has not fully arrived. */
    boolean insideFrame() {
        return payload != null;
    }

    long announcedLength() {
        return announcedLength;
    }
}
