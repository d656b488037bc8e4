package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * The per-connection half of a message-transforming extension such as permessage-deflate: the
 * engine hands it the payload of incoming messages marked with its reserved bit, and every
 * outgoing message it may transform. The engine owns assembly, size limits and UTF-8 checks; the
 * codec owns only the transformation. One extension may own RSV1 at a time.
 */
public interface MessageCodec {

    /** Where inflated bytes go: the engine's message buffer, grown on demand within the size limit. */
    interface Output {
        /**
         * The buffer to write into, with at least one byte of room at its position.
         *
         * @throws ProtocolException with 1009 when the message cannot grow any further
         */
        ByteBuffer room() throws ProtocolException;

        /** The codec wrote {@code room()[from, to)}: the engine counts and validates it. */
        void produced(int from, int to) throws ProtocolException;

        /**
         * Whether the receiver paused on a part that {@link #room()} just delivered. A codec
         * asks after each {@code room()}; when paused it returns from {@link #decode} at once,
         * leaving the rest of its input unconsumed in the buffer and the message unfinished, and
         * the engine calls {@code decode} again with that rest (possibly none) and the same
         * {@code endOfMessage} when the receiver resumes.
         */
        default boolean paused() {
            return false;
        }
    }

    /** The reserved bit that marks a transformed message on its first frame. */
    int reservedBit();

    /**
     * The encoder that encodes a whole message exactly as this codec would, for any connection
     * naming the same one, because the encoding depends on no state kept between messages; or
     * null (the default) when it does, as permessage-deflate with context takeover does. A
     * message encoded once by it may go to every such connection; one that did not go through
     * this codec must not go to a connection whose codec keeps state, since the peer's state
     * would then differ from ours.
     */
    default SharedEncoder sharedEncoder() {
        return null;
    }

    /**
     * Decodes the next piece of an incoming transformed message, or stops early when
     * {@link Output#paused()} says so.
     *
     * @param endOfMessage whether this is the message's last piece
     * @throws ProtocolException with 1007 when the data cannot be decoded, or as {@code out} throws
     */
    void decode(ByteBuffer in, boolean endOfMessage, Output out) throws ProtocolException;

    /**
     * Encodes a whole outgoing message.
     *
     * @return the encoded payload, valid until the next call, or null to send the message as it is
     */
    ByteBuffer encode(ByteBuffer payload);

    /**
     * Encodes one part of an outgoing message sent in parts, continuing the same compressed stream
     * across parts. Unlike {@link #encode}, the choice is made for the whole message at its first
     * part: once that is encoded, every later part must be too.
     *
     * @param first whether this is the message's first part
     * @param last whether this is its last part
     * @return the encoded part, valid until the next call, or null (only for a first part) to send
     *     the whole message as it is; by default every message in parts is sent as it is
     */
    default ByteBuffer encodePart(ByteBuffer payload, boolean first, boolean last) {
        return null;
    }

    /** The connection is over: give back what the codec holds. */
    void release();
}
