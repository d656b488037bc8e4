package dev.anemone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What happens on a connection: open, message, ping, pong, error, close, as in the browser's API.
 * Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Callbacks of one connection run one at a time, in order. By default they run on the
 * connection's event loop: keep them short and do not block in them, and copy what you keep of a
 * buffer passed in, which is valid only during the call. With an executor
 * ({@code WebSocketServer.Builder.executor}, {@code ClientOptions.Builder.executor}) they run there
 * instead, may block, and own the buffers they are given. A buffer passed in may be direct, with
 * no array behind it: read it with its {@code get} methods, not {@code array()}.
 *
 * <p>Whatever a callback throws is caught: it is reported to {@link #onError} (and logged), and
 * the connection is closed with 1011 after what the callback sent before throwing. From then on
 * only {@code onError} and {@code onClose} are called.
 *
 * <p>To take messages in parts as they arrive, implement {@link StreamingListener}.
 */
public interface WebSocketListener {

    /** The handshake succeeded; messages may flow. */
    default void onOpen(WebSocket socket) {
    }

    /** A whole text message arrived. */
    default void onText(WebSocket socket, String text) {
    }

    /**
     * A whole text message arrived, as its UTF-8 bytes (already validated) between the buffer's
     * position and limit. By default it is decoded and passed to {@link #onText(WebSocket, String)};
     * override it to handle text without making a String, as an echo or a relay can with
     * {@link WebSocket#sendText(ByteBuffer)}.
     */
    default void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
        onText(socket, decodeUtf8(utf8));
    }

    /** The text of {@code utf8}'s remaining bytes, which are valid UTF-8; the buffer is left as it was. */
    static String decodeUtf8(ByteBuffer utf8) {
        if (utf8.hasArray()) {
            return new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        }
        // A message in the loop's direct read buffer: String's own decoder, with its ASCII fast
        // path, beats a CharsetDecoder even after the copy.
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(utf8.position(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A whole binary message arrived, between the buffer's position and limit. */
    default void onBinary(WebSocket socket, ByteBuffer data) {
    }

    /** A ping arrived; the pong has already been sent. */
    default void onPing(WebSocket socket, ByteBuffer payload) {
    }

    /** A pong arrived. */
    default void onPong(WebSocket socket, ByteBuffer payload) {
    }

    /**
     * Something went wrong: the peer broke the protocol (a {@link dev.anemone.protocol.ProtocolException}
     * naming the rule; the connection is failing), an I/O error, or a message that was dropped. A
     * close event follows when the connection ends.
     */
    default void onError(WebSocket socket, Throwable error) {
    }

    /**
     * The connection is closed; called once. {@code wasClean} is true when Close frames went both
     * ways; otherwise {@code code} is 1006, or the code sent when the peer broke the protocol.
     */
    default void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
    }

    /** The send buffer drained after {@code bufferedAmount} had risen: a good moment to send more. */
    default void onDrain(WebSocket socket) {
    }
}
