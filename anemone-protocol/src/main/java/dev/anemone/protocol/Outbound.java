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
     * The engine is done with the connection: flush what was written, then close the TCP
     * connection, and call {@link WebSocketEngine#transportClosed()} once it is closed.
     */
    void closeTransport();
}
