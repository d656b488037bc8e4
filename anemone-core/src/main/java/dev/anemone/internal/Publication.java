package dev.anemone.internal;

import dev.anemone.WebSocket;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.SharedEncoder;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * One message sent to many connections, a topic's subscribers or a broadcast's recipients: its
 * frame encoded once, shared read-only by every event loop, and its audience.
 *
 * <p>With permessage-deflate the message is compressed at most once, by the first loop that has a
 * receiver able to take the shared compression; receivers that keep a compression context get the
 * plain frame, which RFC 7692 allows on any connection.
 */
final class Publication {

    /** The topic, or null for a broadcast. */
    final String topic;
    /** A broadcast's endpoint, by its sessions' shared settings, or null for every endpoint. */
    final SessionSettings endpoint;
    /** The connection left out (a publish skips its sender), or null. */
    final WebSocket except;
    /** The application's choice of receivers, or null for all. */
    final Predicate<? super WebSocket> filter;
    private final ByteBuffer frame;
    /** Where the payload starts in {@link #frame}. */
    private final int headerLength;
    private final int opcode;
    private final SharedEncoder encoder;
    private final TopicRegistry registry;
    /** The frame compressed, or the plain frame if the encoder declined; null until a loop needs it. */
    private volatile ByteBuffer compressed;

    /**
     * Encodes {@code payload}'s remaining bytes as one frame; any thread.
     *
     * @param encoder what compresses it for receivers that share it, or null when none can
     */
    Publication(String topic, SessionSettings endpoint, WebSocket except, Predicate<? super WebSocket> filter,
                int opcode, ByteBuffer payload, SharedEncoder encoder, TopicRegistry registry) {
        this.topic = topic;
        this.endpoint = endpoint;
        this.except = except;
        this.filter = filter;
        this.opcode = opcode;
        this.encoder = encoder;
        this.registry = registry;
        this.headerLength = FrameHeader.size(payload.remaining(), false);
        this.frame = frame(opcode, 0, payload);
    }

    /** Whether a burst may carry both: the same receivers would be chosen for each. */
    boolean sameAudience(Publication other) {
        return other.endpoint == endpoint && other.except == except && other.filter == filter
                && (topic == null ? other.topic == null : topic.equals(other.topic));
    }

    /** The plain frame's size in bytes. */
    int frameSize() {
        return frame.remaining();
    }

    /** The frame as sent to receivers without the shared compression; a fresh view each call. */
    ByteBuffer plainFrame() {
        return frame.duplicate();
    }

    /** The frame for receivers that share {@link #encoder}, compressed on the first call; any loop. */
    ByteBuffer compressedFrame() {
        ByteBuffer done = compressed;
        if (done == null) {
            synchronized (this) {
                done = compressed;
                if (done == null) {
                    done = compress();
                    compressed = done;
                }
            }
        }
        return done.duplicate();
    }

    /** Whether {@code session} takes the compressed frame. */
    boolean compressesFor(WebSocketSession session) {
        return encoder != null && session.sharedEncoder() == encoder;
    }

    private ByteBuffer compress() {
        ByteBuffer payload = frame.duplicate().position(frame.position() + headerLength);
        ByteBuffer deflated = encoder.encode(payload);
        if (deflated == null) {
            return frame;
        }
        registry.compressed();
        return frame(opcode, encoder.reservedBit(), deflated);
    }

    private static ByteBuffer frame(int opcode, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(FrameHeader.size(length, false) + length);
        FrameHeader.write(frame, true, rsv, opcode, length, false, 0);
        frame.put(payload.duplicate()).flip();
        return frame.asReadOnlyBuffer();
    }
}
