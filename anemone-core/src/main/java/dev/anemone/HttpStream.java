package dev.anemone;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The body of an answer being written piece by piece, from any thread, and ended explicitly: see
 * {@link HttpExchange#stream}. Each write is copied and sent in order.
 *
 * <p>Backpressure: {@link #bufferedAmount()} says how much is written but not yet taken by the
 * network, and {@link #drained()} when all of it has been. A stream whose buffered bytes pass the
 * server's {@code maxBufferedBytes} (16 MiB by default) is closed with its connection, as a
 * WebSocket would be, so a client that stops reading never costs more than that.
 */
public interface HttpStream {

    /**
     * Writes {@code data} (its remaining bytes, which are copied and not consumed).
     *
     * @return false when the stream is closed: ended, or the client gone; nothing is sent then
     * @throws IllegalStateException when it would take a stream of declared length past it
     */
    boolean write(ByteBuffer data);

    /** Writes {@code text} in UTF-8; see {@link #write(ByteBuffer)}. */
    boolean write(String text);

    /** Bytes written to the stream that the network has not taken yet. Any thread. */
    long bufferedAmount();

    /**
     * Completes once everything written so far has been handed to the network, or once the
     * stream closes: a writer paces itself by waiting for it. It completes on the connection's
     * event loop, where a dependent action must not block (use an {@code ...Async} variant for
     * blocking work).
     */
    CompletableFuture<Void> drained();

    /** Ends the answer; the connection reads its next request. Later writes return false. */
    void end();

    /**
     * Cuts the answer off, as when what it sends failed halfway: the connection closes, so the
     * client sees an incomplete answer rather than a complete wrong one. Nothing happens once
     * the stream has ended or closed.
     */
    void abort();

    /** Whether writes are still sent: not ended, and the client still there. */
    boolean isOpen();
}
