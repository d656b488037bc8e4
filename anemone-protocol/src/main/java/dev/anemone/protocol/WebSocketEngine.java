package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One WebSocket connection's protocol state, without I/O: bytes in through {@link #receive},
 * events out through an {@link EngineListener}; commands in through the send methods, bytes out
 * through an {@link Outbound}. Client and server share it; the {@link Role} decides who masks.
 *
 * <p>It assembles messages from fragments with control frames in between (its
 * superclass {@code MessageReader} does: UTF-8 validated as it arrives, the message size limit enforced from
 * frame headers, delivery whole or in parts), answers every ping
 * with a pong carrying the same payload, and runs the closing handshake: it echoes the peer's
 * close code, and asks the transport to close TCP first when it is the server (RFC 6455
 * section 7.1.1), while a client waits for the server to do so, bounded by the transport's close
 * timer ({@link #closeTimedOut()}). A peer that breaks a rule fails the connection with the
 * {@link Violation}'s close code, after which nothing more from it is processed.
 *
 * <p>Not thread-safe: a transport drives each engine from one thread at a time.
 */
public final class WebSocketEngine extends MessageReader implements FrameDecoder.Handler {

    private static final ByteBuffer EMPTY = FrameWriter.EMPTY;

    private final EngineConfig config;
    private final EngineListener listener;
    private final Outbound out;
    private final FrameDecoder decoder;
    private final FrameWriter writer;

    /** The {@link ReadyState#code()}. */
    private byte state = ReadyState.CONNECTING.code();

    // Bytes and a short where the values fit: an engine lives as long as its connection.
    private byte frameOpcode;
    private boolean frameFin;

    /** TEXT or BINARY while a sent fragmented message is unfinished, else -1. */
    private byte sendingOpcode = -1;
    /** Whether the fragmented message being sent goes through the codec. */
    private boolean sendingEncoded;

    private boolean closeSent;
    /**
     * How input ended, made when it does: the peer's Close frame or its breach of the protocol. Null
     * while input flows, which is an idle connection's whole life, so one reference stands where a
     * flag, a code, a reason and a failure took ten bytes in every engine.
     */
    private InputEnd inputEnd;

    /**
     * @param maskKeys where a client's masking keys come from: give it a generator seeded from
     *     {@link java.security.SecureRandom} (RFC 6455 section 10.3). A server never uses it.
     */
    public WebSocketEngine(Role role, EngineConfig config, EngineListener listener, Outbound out,
                           RandomGenerator maskKeys) {
        Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.out = Objects.requireNonNull(out, "out");
        RandomGenerator keys = role.masksOutgoing() ? Objects.requireNonNull(maskKeys, "maskKeys") : maskKeys;
        this.writer = FrameWriter.of(role, keys, out);
        this.decoder = new FrameDecoder(role, this);
    }

    /** The handshake succeeded: messages may flow. */
    public void open() {
        if (state() != ReadyState.CONNECTING) {
            throw new IllegalStateException("open() in state " + state());
        }
        setState(ReadyState.OPEN);
    }

    /**
     * Runs every message through an extension's codec, such as permessage-deflate's: frames
     * may then carry its reserved bit. Only before {@link #open()}.
     */
    public void setMessageCodec(MessageCodec messageCodec) {
        if (state() != ReadyState.CONNECTING) {
            throw new IllegalStateException("the codec is chosen in the handshake, before open()");
        }
        setCodec(messageCodec);
        decoder.allowReservedBits(messageCodec == null ? 0 : messageCodec.reservedBit());
    }

    /**
     * Delivers messages in parts as their bytes arrive ({@link EngineListener#onTextPart},
     * {@link EngineListener#onBinaryPart}) instead of whole, so a message of any size within the
     * limit never needs a buffer of its size. UTF-8 is still validated across parts, and
     * compressed messages are inflated in pieces of at most {@link #PART_SIZE} bytes. Only before
     * {@link #open()}.
     */
    public void deliverInParts(boolean parts) {
        if (state() != ReadyState.CONNECTING) {
            throw new IllegalStateException("the delivery mode is chosen before open()");
        }
        receiveInParts(parts);
    }

    /** The most bytes an inflated part holds when messages are delivered in parts. */
    public static final int PART_SIZE = MessageReader.PART_SIZE;

    /**
     * Stops delivering: {@link #receive} returns after the message, part or control frame at
     * hand, leaving the rest of its input unconsumed, until {@link #resumeInput()}. A receiver
     * that cannot take more calls this from inside a callback. In parts, nothing more is
     * delivered even from the piece of payload at hand (the text after a code point completed
     * across frames, what a compressed frame inflates to beyond the part that paused): the engine
     * keeps that rest, at most the piece's own bytes, for {@link #resumeInput()}.
     */
    public void suspendInput() {
        decoder.pause();
        suspend();
    }

    /**
     * Delivers again after {@link #suspendInput()}: first what the engine kept of the piece at
     * hand (which may suspend input anew); then feed it what {@link #receive} left unconsumed.
     */
    public void resumeInput() {
        decoder.resume();
        if (isInputClosed() || state() == ReadyState.CLOSED) {
            return;
        }
        try {
            resume();
        } catch (ProtocolException e) {
            fail(e);
        }
    }

    /** Where the connection stands. */
    public ReadyState readyState() {
        return state();
    }

    private ReadyState state() {
        return ReadyState.ofCode(state);
    }

    private void setState(ReadyState now) {
        state = now.code();
    }

    /** The role this engine plays. */
    public Role role() {
        return writer.masks() ? Role.CLIENT : Role.SERVER;
    }

    @Override
    EngineListener listener() {
        return listener;
    }

    /** The limits this engine enforces; the transport reads the close timeout from here. */
    @Override
    public EngineConfig config() {
        return config;
    }

    /** Whether a Close frame has been sent: no more data frames go out. */
    public boolean isOutputClosed() {
        return closeSent;
    }

    /** Whether input is over: a Close frame arrived or the peer broke the protocol. */
    public boolean isInputClosed() {
        return inputEnd != null;
    }

    /** The failure that ended the connection, or null. */
    public ProtocolException failure() {
        return inputEnd == null ? null : inputEnd.failure();
    }

    private boolean closeReceived() {
        return inputEnd != null && inputEnd.failure() == null;
    }

    // ---------------------------------------------------------------- input

    /**
     * Processes bytes from the peer, advancing {@code in}'s position to its limit, or less when
     * input was suspended ({@link #suspendInput()}): the caller then keeps the rest for later.
     * Payloads are unmasked in place. After a Close frame or a failure, input is consumed and
     * ignored.
     */
    public void receive(ByteBuffer in) {
        if (state() == ReadyState.CONNECTING) {
            throw new IllegalStateException("receive() before open()");
        }
        if (isInputClosed() || state() == ReadyState.CLOSED) {
            in.position(in.limit());
            return;
        }
        try {
            decoder.decode(in);
        } catch (ProtocolException e) {
            in.position(in.limit());
            fail(e);
            return;
        }
        if (isInputClosed()) {
            // The decoder stops at a Close frame; whatever followed it in this read is ignored, not left behind.
            in.position(in.limit());
        }
    }

    /**
     * The TCP connection is gone, closed by either side. Reports {@link EngineListener#onClosed}
     * once: clean with the peer's code when Close frames went both ways, 1006 otherwise, or the
     * failure's code when the peer broke the protocol.
     */
    public void transportClosed() {
        if (state() == ReadyState.CLOSED) {
            return;
        }
        setState(ReadyState.CLOSED);
        reset();
        MessageCodec codec = codec();
        if (codec != null) {
            codec.release();
        }
        writer.release();
        decoder.stop();
        ProtocolException failure = failure();
        if (failure != null) {
            listener.onClosed(failure.closeCode(), failure.violation().description(), false);
        } else if (closeReceived() && closeSent) {
            listener.onClosed(inputEnd.code(), inputEnd.reason(), true);
        } else {
            listener.onClosed(CloseStatus.ABNORMAL_CLOSURE, "", false);
        }
    }

    /** The transport's close timer fired before the closing handshake finished: drop TCP. */
    public void closeTimedOut() {
        if (state() != ReadyState.CLOSED) {
            out.closeTransport();
        }
    }

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength, boolean masked, int maskKey)
            throws ProtocolException {
        if (!Opcode.isControl(opcode)) {
            onDataFrameHeader(rsv, opcode, payloadLength);
        }
        frameOpcode = (byte) opcode;
        frameFin = fin;
    }

    @Override
    public void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) throws ProtocolException {
        if (Opcode.isControl(frameOpcode)) {
            onControlFrame(buffer, from, to);
        } else {
            onDataPayload(buffer, from, to, frameComplete && frameFin);
        }
    }

    private void onControlFrame(ByteBuffer buffer, int from, int to) throws ProtocolException {
        int savedLimit = buffer.limit();
        int savedPosition = buffer.position();
        try {
            switch (frameOpcode) {
                case Opcode.PING:
                    if (!closeSent) {
                        writer.write(out, true, 0, Opcode.PONG, buffer.limit(to).position(from));
                    }
                    listener.onPing(buffer.limit(to).position(from));
                    break;
                case Opcode.PONG:
                    listener.onPong(buffer.limit(to).position(from));
                    break;
                default:
                    buffer.limit(savedLimit).position(savedPosition);
                    onCloseFrame(buffer, from, to);
                    break;
            }
        } finally {
            buffer.limit(savedLimit).position(savedPosition);
        }
    }

    private void onCloseFrame(ByteBuffer buffer, int from, int to) throws ProtocolException {
        int length = to - from;
        int code = CloseStatus.NO_STATUS_RECEIVED;
        String reason = "";
        if (length == 1) {
            throw new ProtocolException(Violation.CLOSE_PAYLOAD_ONE_BYTE);
        }
        if (length >= 2) {
            code = ((buffer.get(from) & 0xFF) << 8) | (buffer.get(from + 1) & 0xFF);   // network order, whatever the buffer's
            if (!CloseStatus.isValidOnWire(code)) {
                throw new ProtocolException(Violation.INVALID_CLOSE_CODE, Integer.toString(code));
            }
            if (!Utf8Validator.isValid(buffer, from + 2, to)) {
                throw new ProtocolException(Violation.INVALID_UTF8_CLOSE_REASON);
            }
            byte[] reasonBytes = new byte[length - 2];
            buffer.get(from + 2, reasonBytes);
            reason = new String(reasonBytes, StandardCharsets.UTF_8);
        }
        inputEnd = new InputEnd(code, reason, null);
        decoder.stop();
        reset();
        if (!closeSent) {
            // Echo the peer's status code and reason (section 5.5.1); a close without a code gets one without.
            ByteBuffer echo = length == 0 ? EMPTY : buffer.duplicate().limit(to).position(from);
            sendCloseFrame(echo);
        }
        listener.onCloseFrame(code, reason);
        finishClosingHandshakeIfDone();
    }

    private void fail(ProtocolException e) {
        inputEnd = new InputEnd(CloseStatus.NO_STATUS_RECEIVED, "", e);
        decoder.stop();
        reset();
        if (!closeSent && state() != ReadyState.CLOSED) {
            sendCloseFrame(closePayload(e.closeCode(), e.violation().description().getBytes(StandardCharsets.US_ASCII)));
        }
        listener.onFailure(e);
        if (state() != ReadyState.CLOSED) {
            out.closeTransport();
        }
    }

    /** Once Close frames went both ways, the server closes TCP first (section 7.1.1); a client waits for it. */
    private void finishClosingHandshakeIfDone() {
        if (closeSent && closeReceived() && role() == Role.SERVER && state() != ReadyState.CLOSED) {
            out.closeTransport();
        }
    }

    // ---------------------------------------------------------------- output

    /**
     * Sends a text message whose UTF-8 bytes are {@code utf8}'s remaining bytes.
     *
     * @return false if the message was dropped because the closing handshake has begun
     * @throws IllegalStateException before {@link #open()}, or inside a fragmented send
     */
    public boolean sendText(ByteBuffer utf8) {
        return sendMessage(Opcode.TEXT, utf8);
    }

    /** Sends a binary message of {@code data}'s remaining bytes; false if dropped because closing. */
    public boolean sendBinary(ByteBuffer data) {
        return sendMessage(Opcode.BINARY, data);
    }

    /**
     * Sends one fragment of a message streamed in pieces: the first call decides text or binary,
     * and the call with {@code last} set ends the message. No other message may start in between.
     *
     * @return false if dropped because the closing handshake has begun
     */
    public boolean sendFragment(boolean text, ByteBuffer payload, boolean last) {
        if (!checkCanSendData()) {
            return false;
        }
        boolean first = sendingOpcode < 0;
        int opcode = first ? (text ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION;
        if (!first && sendingOpcode != (text ? Opcode.TEXT : Opcode.BINARY)) {
            throw new IllegalStateException("a fragmented " + Opcode.name(sendingOpcode) + " message is unfinished");
        }
        int rsv = 0;
        MessageCodec codec = codec();
        if (codec != null && (first || sendingEncoded)) {
            ByteBuffer encoded = codec.encodePart(payload, first, last);
            if (first) {
                sendingEncoded = encoded != null;
                // RFC 7692 section 6.1: the reserved bit goes on the first frame only.
                rsv = sendingEncoded ? codec.reservedBit() : 0;
            }
            if (sendingEncoded) {
                payload = encoded;
            }
        }
        sendingOpcode = (byte) (last ? -1 : text ? Opcode.TEXT : Opcode.BINARY);
        writer.write(out, last, rsv, opcode, payload);
        return true;
    }

    /** Whether a message sent in fragments is unfinished: no other message may start until it ends. */
    public boolean isSendingFragments() {
        return sendingOpcode >= 0;
    }

    /**
     * Sends a ping with up to 125 bytes of payload.
     *
     * @return false if dropped because a Close frame was already sent
     */
    public boolean ping(ByteBuffer payload) {
        return sendControl(Opcode.PING, payload);
    }

    /** Sends an unsolicited pong (a one-way heartbeat); false if dropped because closing. */
    public boolean pong(ByteBuffer payload) {
        return sendControl(Opcode.PONG, payload);
    }

    /**
     * The encoder whose output this connection's codec would produce itself, so that a message
     * encoded once for many connections may go out here as {@link #sendEncodedFrame} frames; null
     * when there is no codec or it keeps state between messages (see {@link MessageCodec#sharedEncoder()}).
     */
    public SharedEncoder sharedEncoder() {
        MessageCodec codec = codec();
        return codec == null ? null : codec.sharedEncoder();
    }

    /**
     * Sends a whole data frame encoded elsewhere, once for many receivers, as a server's
     * broadcast does. Server role only: a client must mask each frame with a key of its own.
     *
     * @return false if dropped because the closing handshake has begun
     */
    public boolean sendEncodedFrame(ByteBuffer frame) {
        if (role().masksOutgoing()) {
            throw new IllegalStateException("a client masks every frame with its own key");
        }
        if (!checkCanSendData()) {
            return false;
        }
        if (sendingOpcode >= 0) {
            throw new IllegalStateException("a fragmented message is being sent; finish it first");
        }
        FrameWriter.writeEncoded(out, frame);
        return true;
    }

    /**
     * Starts the closing handshake with {@code code} (any code valid on the wire, or
     * {@link CloseStatus#NO_STATUS_RECEIVED} for a Close frame without one). Applications check
     * their codes with {@link CloseStatus#checkApplicationClose} first. Does nothing once a Close
     * frame has been sent.
     */
    public void close(int code, String reason) {
        if (state() == ReadyState.CONNECTING) {
            throw new IllegalStateException("close() before open(): abort the handshake instead");
        }
        if (closeSent || state() == ReadyState.CLOSED) {
            return;
        }
        ByteBuffer payload;
        if (code == CloseStatus.NO_STATUS_RECEIVED) {
            payload = EMPTY;
        } else if (CloseStatus.isValidOnWire(code)) {
            payload = closePayload(code, CloseStatus.checkReason(reason));
        } else {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        sendCloseFrame(payload);
        finishClosingHandshakeIfDone();
    }

    private boolean sendMessage(int opcode, ByteBuffer payload) {
        if (!checkCanSendData()) {
            return false;
        }
        if (sendingOpcode >= 0) {
            throw new IllegalStateException("a fragmented message is being sent; finish it first");
        }
        int rsv = 0;
        MessageCodec codec = codec();
        if (codec != null) {
            ByteBuffer encoded = codec.encode(payload);
            if (encoded != null) {
                payload = encoded;
                rsv = codec.reservedBit();
            }
        }
        int fragment = config.fragmentSize();
        if (fragment == 0 || payload.remaining() <= fragment) {
            writer.write(out, true, rsv, opcode, payload);
            return true;
        }
        int end = payload.limit();
        int frameOpcode = opcode;
        while (payload.position() < end) {
            int next = Math.min(end, payload.position() + fragment);
            ByteBuffer piece = payload.duplicate().limit(next);
            // RFC 7692 section 6.1: the reserved bit goes on the first frame only.
            writer.write(out, next == end, frameOpcode == opcode ? rsv : 0, frameOpcode, piece);
            payload.position(next);
            frameOpcode = Opcode.CONTINUATION;
        }
        return true;
    }

    private boolean sendControl(int opcode, ByteBuffer payload) {
        if (payload.remaining() > FrameHeader.MAX_7BIT_LENGTH) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes, not " + payload.remaining());
        }
        if (!checkCanSendData()) {
            return false;
        }
        writer.write(out, true, 0, opcode, payload);
        return true;
    }

    private boolean checkCanSendData() {
        if (state() == ReadyState.CONNECTING) {
            throw new IllegalStateException("the connection is not open yet");
        }
        return !closeSent && state() != ReadyState.CLOSED;
    }

    private void sendCloseFrame(ByteBuffer payload) {
        closeSent = true;
        setState(ReadyState.CLOSING);
        writer.write(out, true, 0, Opcode.CLOSE, payload);
    }

    private static ByteBuffer closePayload(int code, byte[] reason) {
        ByteBuffer payload = ByteBuffer.allocate(2 + reason.length);
        payload.putShort((short) code).put(reason).flip();
        return payload;
    }

    /** A Close frame's code and reason, or, with {@code failure} set, the breach that ended input instead. */
    private record InputEnd(int code, String reason, ProtocolException failure) {
    }
}
