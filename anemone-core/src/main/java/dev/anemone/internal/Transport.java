package dev.anemone.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a WebSocket session needs from a byte stream, whatever carries it: a plain socket, TLS
 * over one, or a stream of an HTTP/2 connection (RFC 8441). It moves bytes and never interprets
 * them; the session above it knows frames.
 *
 * <p>Every method but {@link #queuedBytes()} runs on the transport's loop thread.
 */
interface Transport {

    /** The loop that runs this transport and everything above it. */
    EventLoop loop();

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** Hands the byte stream to another handler, as when an HTTP connection becomes a WebSocket. */
    void setHandler(TransportHandler handler);

    /**
     * Writes {@code header} then {@code payload} after everything written before, gathering small
     * writes into one system call; what cannot be written now is copied and queued. Both buffers
     * are the caller's again when this returns. {@code endsFrame} says whether these bytes end a
     * frame, which is where a control frame written with {@link #writeAhead} may pass them.
     */
    void write(ByteBuffer header, ByteBuffer payload, boolean endsFrame);

    /**
     * Writes a whole control frame (a ping or a pong) that may go ahead of queued data, at the
     * first frame boundary, so that a large message queued for a slow peer does not hold up the
     * answer to its ping. Control frames keep their order among themselves. Called only between
     * whole frames: the last {@link #write} must have ended its frame, as the engine's do (it
     * writes every frame, all its pieces, within one call).
     */
    void writeAhead(ByteBuffer header, ByteBuffer payload);

    /**
     * Shuts down output once everything written is sent (a TCP half-close) while reading goes on:
     * after a Close frame, the peer's Close can still arrive, and the FIN behind ours tells the peer
     * that nothing follows it.
     */
    void shutdownOutput();

    /** Closes once everything written is sent: for when the peer has nothing more to say. */
    void closeAfterFlush();

    /**
     * Ends the connection while the peer may still be sending: sends what is queued, shuts down
     * output, then reads and discards until the peer closes its side, so that unread input never
     * turns the close into a reset that could destroy the last bytes sent (an HTTP response, a
     * Close frame). The owner bounds how long this may take.
     */
    void closeLingering();

    /** Closes at once, dropping anything queued; {@code cause} is the error that ended it, or null. */
    void close(IOException cause);

    /** Stops reading: the peer is pushed back through TCP's flow control. */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}. */
    void resumeReading();

    /** Bytes accepted for writing that have not been handed to the kernel yet. Any thread. */
    long queuedBytes();

    /** Whether the transport is closed. */
    boolean isClosed();

    /** Whether the bytes travel encrypted and authenticated (TLS): what {@code wss://} and {@code info.secure()} report. */
    default boolean isSecure() {
        return false;
    }
}
