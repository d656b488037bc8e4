package dev.anemone.bench.load;

import java.nio.ByteBuffer;

/**
 * Finds the frames a server sent in a buffer, incrementally: whole frames are handed to a sink in
 * place (no copy), and parsing stops at the first frame not yet wholly received, so the caller
 * keeps those bytes and parses again when more arrive.
 */
public final class ServerFrames {

    /** Receives one whole frame. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param firstByte the header's first byte: FIN, RSV1-3, opcode
         * @param buffer the buffer parsed; the payload is {@code [payloadStart, payloadStart + length)}
         * @return false to stop parsing (the connection is gone)
         */
        boolean frame(int firstByte, ByteBuffer buffer, int payloadStart, int length);
    }

    private ServerFrames() {
    }

    /**
     * Hands every whole frame in {@code buffer} from its position to its limit to {@code sink},
     * leaving the position at the first byte not consumed.
     *
     * @return the size of the incomplete frame left at the position when its header is complete
     *     (so the caller can make room for all of it), otherwise 0
     * @throws IllegalStateException for a masked frame or a length beyond 2^31: servers send neither
     */
    public static int parse(ByteBuffer buffer, Sink sink) {
        int at = buffer.position();
        int limit = buffer.limit();
        while (limit - at >= 2) {
            int b0 = buffer.get(at) & 0xFF;
            int b1 = buffer.get(at + 1) & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new IllegalStateException("the server sent a masked frame");
            }
            int length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (limit - at < 4) {
                    break;
                }
                length = buffer.getShort(at + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (limit - at < 10) {
                    break;
                }
                long wide = buffer.getLong(at + 2);
                if (wide < 0 || wide > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("frame length out of range: " + wide);
                }
                length = (int) wide;
                header = 10;
            }
            int total = header + length;
            if (limit - at < total) {
                buffer.position(at);
                return total;
            }
            at += total;
            buffer.position(at);
            if (!sink.frame(b0, buffer, at - length, length)) {
                return 0;
            }
        }
        buffer.position(at);
        return 0;
    }
}
