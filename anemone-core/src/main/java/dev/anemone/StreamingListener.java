package dev.anemone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A listener that takes messages in parts as their bytes arrive, instead of whole: a message of
 * a gigabyte then never needs a gigabyte of memory. A connection whose listener implements this
 * interface gets {@link #onTextPart} and {@link #onBinaryPart} calls, never {@code onText} or
 * {@code onBinary}.
 *
 * <p>Parts are handed out as the network brings them, at most one read's worth (or
 * {@code 64 KiB} of inflated bytes with permessage-deflate) at a time. Text is validated as
 * UTF-8 across parts, and no part ends inside a code point, so each decodes on its own. The
 * message size limit still applies to the whole message; raise it for large uploads.
 *
 * <p>Delivery is driven by demand: after {@link WebSocket#pause()} no further part arrives, not
 * even one already read from the socket, until {@link WebSocket#resume()}. A receiver that
 * writes parts to a slow sink pauses while the sink is busy and resumes when it is ready; with an
 * executor, reading also pauses while too many parts wait for it.
 */
public interface StreamingListener extends WebSocketListener {

    /** The next part of a text message; {@code last} ends the message (the last part may be empty). */
    default void onTextPart(WebSocket socket, String text, boolean last) {
    }

    /**
     * The next part of a text message as whole UTF-8 code points between the buffer's position and
     * limit. By default it is decoded and passed to {@link #onTextPart(WebSocket, String, boolean)}.
     */
    default void onTextPartUtf8(WebSocket socket, ByteBuffer utf8, boolean last) {
        onTextPart(socket, WebSocketListener.decodeUtf8(utf8), last);
    }

    /** The next part of a binary message, valid during the call; {@code last} ends the message. */
    default void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
    }
}
