package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * What the engine reports. Message buffers are views valid only during the call: copy what you keep.
 */
public interface EngineListener {

    /** A whole text message, validated UTF-8, between the buffer's position and limit. */
    void onText(ByteBuffer utf8);

    /** A whole binary message between the buffer's position and limit. */
    void onBinary(ByteBuffer data);

    /**
     * The next part of a text message, when the engine delivers messages in parts
     * ({@link WebSocketEngine#deliverInParts}): validated UTF-8 that never ends inside a code
     * point, so each part decodes on its own. {@code last} ends the message; a part may be empty
     * only when it is the last.
     */
    default void onTextPart(ByteBuffer utf8, boolean last) {
    }

    /** The next part of a binary message, when the engine delivers messages in parts. */
    default void onBinaryPart(ByteBuffer data, boolean last) {
    }

    /** A ping arrived; the engine has already queued the pong. */
    default void onPing(ByteBuffer payload) {
    }

    /** A pong arrived. */
    default void onPong(ByteBuffer payload) {
    }

    /**
     * The peer's Close frame arrived ({@link CloseStatus#NO_STATUS_RECEIVED} when it had no code);
     * the engine has already answered it if it had not closed first.
     */
    default void onCloseFrame(int code, String reason) {
    }

    /** The peer broke the protocol; the engine has sent {@code failure.closeCode()} and asked to close. */
    default void onFailure(ProtocolException failure) {
    }

    /** The connection is over; called exactly once, after the transport closed. */
    void onClosed(int code, String reason, boolean wasClean);
}
