package dev.anemone;

import java.nio.ByteBuffer;

/**
 * Hears every message published to a topic on a server, whoever published it
 * ({@link WebSocketServer#publish} or {@link WebSocket#publish}), so that subscribers which are
 * not WebSocket connections of this server get it too: SockJS sessions, a relay to other nodes.
 * Registered with {@link WebSocketServer.Builder#observePublishes}.
 *
 * <p>It is called on the publishing thread, before the message goes to the server's own
 * subscribers, whether or not the topic has any; it must not block. What it throws is logged,
 * and the publish goes on.
 */
public interface PublishObserver {

    /** The server has been built and is about to listen; nothing has been published yet. */
    default void started(WebSocketServer server) {
    }

    /**
     * A text message was published to {@code topic}.
     *
     * @param publisher the connection that published it (which does not receive it), or null when
     *     the server did
     */
    void published(String topic, String text, WebSocket publisher);

    /** A binary message of {@code data}'s remaining bytes was published (read-only; default: ignored). */
    default void published(String topic, ByteBuffer data, WebSocket publisher) {
    }
}
