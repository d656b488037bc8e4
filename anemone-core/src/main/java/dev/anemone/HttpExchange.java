package dev.anemone;

import dev.anemone.protocol.HttpHeaders;

/**
 * One request's way back to its client: answered once, whole with {@link #respond} or streamed
 * with {@link #stream}, from any thread, now or later. Responses on a connection leave in the
 * order of its requests; the next request on a kept-alive connection is read once this one's
 * answer is complete.
 */
public interface HttpExchange {

    /**
     * Sends {@code response} as the answer. Any thread. A response to {@code HEAD} goes without
     * its body (with the length it would have), and so does a 204 or 304.
     *
     * @return true if this call answered the exchange; false if it had been answered or streamed
     *     already, or the client is gone (so a timeout and a late result may race to answer)
     */
    boolean respond(HttpResponse response);

    /**
     * Starts an answer whose body is written piece by piece, its length unknown: sent in chunks
     * ({@code Transfer-Encoding: chunked}), or, to an HTTP/1.0 client, until the connection
     * closes. Server-sent events are such a stream ({@code text/event-stream}). Any thread.
     *
     * @param status the status, 200 or more
     * @param headers header fields to send, or null; framing fields (Content-Length,
     *     Transfer-Encoding, Connection) are the server's and are left out
     * @return the stream; already closed when the client is gone
     * @throws IllegalStateException when the exchange was answered already
     */
    HttpStream stream(int status, HttpHeaders headers);

    /**
     * Starts an answer of exactly {@code contentLength} bytes written piece by piece, as a large
     * file is sent. Writing more throws; ending with less closes the connection, since the client
     * could not tell where the answer ended.
     *
     * @see #stream(int, HttpHeaders)
     */
    HttpStream stream(int status, HttpHeaders headers, long contentLength);

    /** Whether the exchange is still going: not answered completely, and the client still there. */
    boolean isOpen();

    /**
     * Runs {@code action} once when the exchange is over: its answer written, or the client gone
     * (it closed the connection, which a long poll or an event stream learns here), or the server
     * stopped. Runs at once if the exchange is over already. It runs on the connection's event
     * loop, so it must not block; what it throws is logged.
     */
    void onClose(Runnable action);
}
