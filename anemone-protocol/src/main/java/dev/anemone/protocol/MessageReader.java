package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * The receiving half of a connection's data messages: it checks the order of fragments and the
 * message size from frame headers, validates text as UTF-8 as it arrives, runs transformed
 * messages through the extension's codec, and hands each message to the {@link EngineListener}
 * whole, or in parts as its bytes arrive. Control frames and the closing handshake stay with the
 * {@link WebSocketEngine}, which drives this from its frame decoder.
 *
 * <p>The engine is its only subclass: one object per connection rather than two saves an idle
 * connection an object header and the two references both would hold to the configuration and
 * the listener (24 bytes), while the code stays apart.
 */
abstract class MessageReader {

    /** The most bytes an inflated part holds when messages are delivered in parts. */
    static final int PART_SIZE = 64 * 1024;

    /** The UTF-8 state of the text being received (a {@link Utf8Validator} state, kept as an int to save an object). */
    private int utf8State;
    /** The extension codec (permessage-deflate) and the output it decodes into, or null. */
    private CodecLink link;
    /** Whether messages are delivered in parts as they arrive rather than whole. */
    private boolean inParts;

    /** TEXT or BINARY while a received message is unfinished, else -1. */
    private byte messageOpcode = -1;
    /** The received message's bytes so far: an int, as no limit passes 2 GiB, to leave room for the next count. */
    private int messageLength;
    /** The received message's frames so far, bounded by {@link EngineConfig#fragmentLimit()}. */
    private int messageFragments;
    /**
     * The message so far, when it spans frames or reads; null otherwise. It is let go as soon as
     * the message is delivered, so that an idle connection holds no message buffer.
     */
    private ByteBuffer assembled;
    /** Whether the message being received was transformed by the codec (its first frame had RSV1). */
    private boolean encodedMessage;
    /** Bytes the codec has produced for the message being received. */
    private long decodedLength;
    /**
     * The start of a code point that a text part ended inside, held back for the next part so
     * that every part decodes on its own; null when there is none.
     */
    private ByteBuffer carry;

    /** The receiver paused: no further part may be delivered until it resumes. */
    private boolean suspended;
    /** What a pause left of the payload piece at hand: one of the DEFERRED_ kinds, or 0 for nothing. */
    private byte deferredKind;
    /** The piece's undelivered bytes (a copy), or for a compressed message the input the codec left. */
    private ByteBuffer deferred;
    /** Whether the deferred piece ends the message. */
    private boolean deferredComplete;
    /** Set when the codec was told to stop because the receiver paused: it left the rest of its input. */
    private boolean codecStopped;

    /** The rest of an uncompressed piece, after a part completing a code point carried over. */
    private static final int DEFERRED_PART = 1;
    /** The rest of a compressed piece's input, which the codec has still to decode. */
    private static final int DEFERRED_DECODE = 2;
    /** Only the last part of a compressed piece, whose input the codec has all decoded. */
    private static final int DEFERRED_FINISH = 3;

    /** The limits messages are held to. */
    abstract EngineConfig config();

    /** Who receives the messages. */
    abstract EngineListener listener();

    /** The extension codec (permessage-deflate) messages go through, or null; the engine's too. */
    MessageCodec codec() {
        return link == null ? null : link.codec;
    }

    void setCodec(MessageCodec messageCodec) {
        this.link = messageCodec == null ? null : new CodecLink(messageCodec);
    }

    void receiveInParts(boolean parts) {
        this.inParts = parts;
    }

    /** Forgets the message being received: the connection is closing or failed. */
    void reset() {
        messageOpcode = -1;
        assembled = null;
        carry = null;
        deferredKind = 0;
        deferred = null;
    }

    /**
     * The receiver paused: no part is delivered from now on, not even the rest of the payload
     * piece at hand (the code points after one completed across frames, or what a compressed
     * frame still inflates to); that rest is kept until {@link #resume()}.
     */
    void suspend() {
        suspended = true;
    }

    /** The receiver wants parts again: delivers what a pause kept back, unless that pauses anew. */
    void resume() throws ProtocolException {
        suspended = false;
        int kind = deferredKind;
        ByteBuffer rest = deferred;
        deferredKind = 0;
        deferred = null;
        if (kind == DEFERRED_PART) {
            deliverPart(rest, 0, rest.limit(), deferredComplete);
        } else if (kind == DEFERRED_DECODE) {
            decodePayload(rest, 0, rest.limit(), deferredComplete);
        } else if (kind == DEFERRED_FINISH) {
            finishDecodedPiece(deferredComplete);
        }
    }

    private void defer(int kind, ByteBuffer buffer, int from, int to, boolean messageComplete) {
        deferredKind = (byte) kind;
        // The piece may sit in a read buffer that the next read reuses: the rest is copied.
        deferred = ByteBuffer.allocate(to - from).put(0, buffer, from, to - from);
        deferredComplete = messageComplete;
    }

    /** A data frame's header: checks the fragment order, the codec's bit and the size limit. */
    void onDataFrameHeader(int rsv, int opcode, long payloadLength) throws ProtocolException {
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode < 0) {
                throw new ProtocolException(Violation.UNEXPECTED_CONTINUATION);
            }
        } else {
            if (messageOpcode >= 0) {
                throw new ProtocolException(Violation.EXPECTED_CONTINUATION);
            }
            messageOpcode = (byte) opcode;
            messageLength = 0;
            messageFragments = 0;
            utf8State = Utf8Validator.BOUNDARY;
        }
        int codecBit = link == null ? 0 : link.codec.reservedBit();
        if (opcode != Opcode.CONTINUATION) {
            encodedMessage = (rsv & codecBit) != 0;
            decodedLength = 0;
        } else if ((rsv & codecBit) != 0) {
            // RFC 7692 section 6.1: only a message's first frame says it is compressed.
            throw new ProtocolException(Violation.RESERVED_BITS, "RSV1 on a continuation frame");
        }
        if (payloadLength > config().maxMessageSize() - messageLength) {
            throw new ProtocolException(Violation.MESSAGE_TOO_BIG,
                    "over " + config().maxMessageSize() + " bytes");
        }
        messageLength += (int) payloadLength;
        // Empty continuation frames cost the peer 6 bytes each and grow no buffer: only a count stops them.
        if (++messageFragments > config().fragmentLimit()) {
            throw new ProtocolException(Violation.TOO_MANY_FRAGMENTS, "over " + config().fragmentLimit() + " frames");
        }
    }

    /** The next piece of a data frame's payload, {@code buffer[from, to)}; {@code messageComplete} ends the message. */
    void onDataPayload(ByteBuffer buffer, int from, int to, boolean messageComplete) throws ProtocolException {
        if (encodedMessage) {
            decodePayload(buffer, from, to, messageComplete);
            return;
        }
        if (messageOpcode == Opcode.TEXT) {
            if (!validUtf8(buffer, from, to)) {
                throw new ProtocolException(Violation.INVALID_UTF8);
            }
            if (messageComplete && utf8State != Utf8Validator.BOUNDARY) {
                throw new ProtocolException(Violation.INVALID_UTF8, "truncated sequence at the end");
            }
        }
        if (inParts) {
            deliverPart(buffer, from, to, messageComplete);
            return;
        }
        if (messageComplete && assembled == null) {
            deliverMessage(buffer, from, to);
            return;
        }
        append(buffer, from, to);
        if (messageComplete) {
            ByteBuffer message = assembled;
            assembled = null;
            deliverMessage(message, 0, message.position());
        }
    }

    /** Hands a transformed message's payload to the codec, which writes what it decodes into {@link CodecLink#room()}. */
    private void decodePayload(ByteBuffer buffer, int from, int to, boolean messageComplete) throws ProtocolException {
        int savedLimit = buffer.limit();
        int savedPosition = buffer.position();
        int consumed;
        codecStopped = false;
        try {
            link.codec.decode(buffer.limit(to).position(from), messageComplete, link);
            consumed = buffer.position();
        } finally {
            buffer.limit(savedLimit).position(savedPosition);
        }
        if (codecStopped) {
            // The receiver paused on a part inflated from this piece: the codec stopped there.
            defer(DEFERRED_DECODE, buffer, consumed, to, messageComplete);
            return;
        }
        if (inParts && suspended) {
            defer(DEFERRED_FINISH, buffer, to, to, messageComplete);
            return;
        }
        finishDecodedPiece(messageComplete);
    }

    /** After the codec decoded a whole piece: the end-of-message check, then its part or its message. */
    private void finishDecodedPiece(boolean messageComplete) throws ProtocolException {
        if (messageComplete && messageOpcode == Opcode.TEXT && utf8State != Utf8Validator.BOUNDARY) {
            throw new ProtocolException(Violation.INVALID_UTF8, "truncated sequence at the end");
        }
        if (inParts) {
            deliverInflatedPart(messageComplete);
            return;
        }
        if (!messageComplete) {
            return;
        }
        ByteBuffer message = assembled == null ? ByteBuffer.allocate(0) : assembled;
        assembled = null;
        deliverMessage(message, 0, message.position());
    }

    private ByteBuffer codecRoom() throws ProtocolException {
        if (inParts && assembled != null && !assembled.hasRemaining() && assembled.capacity() >= PART_SIZE) {
            // In parts, what was inflated so far goes out before more is: memory stays at one part.
            deliverInflatedPart(false);
        }
        // One byte more than the limit, so that a message that passes it is seen to.
        long capacityLimit = Math.min(config().maxMessageSize() + 1, Integer.MAX_VALUE - 16);
        if (assembled == null) {
            assembled = ByteBuffer.allocate((int) Math.min(capacityLimit, 4096));
        } else if (!assembled.hasRemaining()) {
            if (assembled.capacity() >= capacityLimit) {
                throw new ProtocolException(Violation.MESSAGE_TOO_BIG, "inflates past " + config().maxMessageSize() + " bytes");
            }
            ByteBuffer larger = ByteBuffer.allocate((int) Math.min(capacityLimit, 2L * assembled.capacity()));
            larger.put(assembled.flip());
            assembled = larger;
        }
        return assembled;
    }

    private boolean codecPaused() {
        if (inParts && suspended) {
            codecStopped = true;
            return true;
        }
        return false;
    }

    private void codecProduced(int from, int to) throws ProtocolException {
        decodedLength += to - from;
        if (decodedLength > config().maxMessageSize()) {
            throw new ProtocolException(Violation.MESSAGE_TOO_BIG, "inflates past " + config().maxMessageSize() + " bytes");
        }
        if (messageOpcode == Opcode.TEXT && !validUtf8(assembled, from, to)) {
            throw new ProtocolException(Violation.INVALID_UTF8);
        }
    }

    /**
     * Delivers {@code buffer[from, to)} as the next part of the message. A text part that ends
     * inside a code point keeps that code point's first bytes back and completes it from the next
     * part, delivering it on its own, so every part is whole UTF-8.
     */
    private void deliverPart(ByteBuffer buffer, int from, int to, boolean last) {
        boolean text = messageOpcode == Opcode.TEXT;
        if (text && carry != null && carry.position() > 0) {
            while (from < to && carry.position() < sequenceLength(carry.get(0))) {
                carry.put(buffer.get(from++));
            }
            if (carry.position() < sequenceLength(carry.get(0))) {
                return;
            }
            carry.flip();
            boolean carryIsLast = last && from == to;
            emitPart(carry, 0, carry.limit(), carryIsLast);
            carry.clear();
            if (carryIsLast) {
                endParts();
                return;
            }
            if (suspended) {
                // The receiver paused on the code point just completed: the rest of the piece waits.
                defer(DEFERRED_PART, buffer, from, to, last);
                return;
            }
        }
        int end = to;
        if (text && !last && utf8State != Utf8Validator.BOUNDARY) {
            end = startOfLastSequence(buffer, from, to);
            if (carry == null) {
                carry = ByteBuffer.allocate(4);
            }
            carry.put(carry.position(), buffer, end, to - end).position(to - end);
        }
        if (end > from || last) {
            emitPart(buffer, from, end, last);
        }
        if (last) {
            endParts();
        }
    }

    /** Delivers what the codec inflated so far as the next part, keeping back an unfinished code point. */
    private void deliverInflatedPart(boolean last) {
        ByteBuffer inflated = assembled == null ? ByteBuffer.allocate(0) : assembled;
        int end = inflated.position();
        int keep = end;
        if (messageOpcode == Opcode.TEXT && !last && utf8State != Utf8Validator.BOUNDARY) {
            keep = startOfLastSequence(inflated, 0, end);
        }
        if (keep > 0 || last) {
            emitPart(inflated, 0, keep, last);
        }
        if (last) {
            endParts();
            return;
        }
        // The unfinished code point moves to the front; the rest of the buffer is free again.
        inflated.put(0, inflated, keep, end - keep).position(end - keep);
    }

    private void emitPart(ByteBuffer buffer, int from, int to, boolean last) {
        int opcode = messageOpcode;
        int savedLimit = buffer.limit();
        int savedPosition = buffer.position();
        buffer.limit(to).position(from);
        try {
            if (opcode == Opcode.TEXT) {
                listener().onTextPart(buffer, last);
            } else {
                listener().onBinaryPart(buffer, last);
            }
        } finally {
            buffer.limit(savedLimit).position(savedPosition);
        }
    }

    private void endParts() {
        messageOpcode = -1;
        assembled = null;
        carry = null;
    }

    /** Where the last, unfinished UTF-8 sequence of {@code buffer[from, to)} starts. */
    private static int startOfLastSequence(ByteBuffer buffer, int from, int to) {
        int at = to - 1;
        while (at > from && (buffer.get(at) & 0xC0) == 0x80) {
            at--;
        }
        return at;
    }

    /** The length of the UTF-8 sequence that {@code lead} starts. */
    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        return b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    private void deliverMessage(ByteBuffer buffer, int from, int to) {
        int opcode = messageOpcode;
        messageOpcode = -1;
        int savedLimit = buffer.limit();
        int savedPosition = buffer.position();
        buffer.limit(to).position(from);
        try {
            if (opcode == Opcode.TEXT) {
                listener().onText(buffer);
            } else {
                listener().onBinary(buffer);
            }
        } finally {
            buffer.limit(savedLimit).position(savedPosition);
        }
    }

    private void append(ByteBuffer buffer, int from, int to) {
        int length = to - from;
        if (assembled == null) {
            assembled = ByteBuffer.allocate((int) Math.max(length, Math.min(messageLength, 256)));
        } else if (assembled.remaining() < length) {
            long wanted = Math.max((long) assembled.position() + length, 2L * assembled.capacity());
            ByteBuffer larger = ByteBuffer.allocate((int) Math.min(wanted, config().maxMessageSize()));
            larger.put(assembled.flip());
            assembled = larger;
        }
        assembled.put(assembled.position(), buffer, from, length);
        assembled.position(assembled.position() + length);
    }

    /** Checks the next piece of the text being received; false at its first invalid byte. */
    private boolean validUtf8(ByteBuffer buffer, int from, int to) {
        long result = Utf8Validator.scan(buffer, from, to, utf8State);
        utf8State = Utf8Validator.endState(result);
        return Utf8Validator.invalidIndex(result) < 0;
    }

    /**
     * The codec of a compressed connection and the output it decodes into: made only for such a
     * connection, so that the engine need not show the output's methods as its own.
     */
    private final class CodecLink implements MessageCodec.Output {

        final MessageCodec codec;

        CodecLink(MessageCodec codec) {
            this.codec = codec;
        }

        @Override
        public ByteBuffer room() throws ProtocolException {
            return codecRoom();
        }

        @Override
        public boolean paused() {
            return codecPaused();
        }

        @Override
        public void produced(int from, int to) throws ProtocolException {
            codecProduced(from, to);
        }
    }
}
