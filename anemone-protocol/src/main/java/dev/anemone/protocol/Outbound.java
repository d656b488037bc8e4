package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * Where the engine puts what it wants done to the transport: bytes to write, and when to close.
 * The engine never touches a socket; the transport implements this.
 */
public interface Outbound {

    /**
     * Writes a frame header followed by (part of) its payload, preferably in one gathering write.
     * Both buffers are valid only during the call: the transport writes them or copies what it could
     * not write. Either may be empty.
     */
    void write(ByteBuffer header, ByteBuffer payload);

    /**
     * A buffer of at least {@link FrameHeader#MAX_SIZE} bytes for the engine to write a frame
     * header into just before calling {@link #write}, or null for the engine to keep one of its
     * own. A transport that runs many connections on one thread can hand them all the same
     * buffer, since it is used only within that call: one buffer less per idle connection.
     */
    default ByteBuffer headerBuffer() {
        return null;
    }

    /**
     * The engine is done with the connection: flush what was written, then close the TCP
     * connection, and call {@link WebSocketEngine#transportClosed()} once it is closed.
     */
    void closeTransport();
}
