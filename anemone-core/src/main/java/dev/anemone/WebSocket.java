package dev.anemone;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * One WebSocket connection, on either side, shaped like the browser's {@code WebSocket}.
 *
 * <p>Every method is safe to call from any thread. Called from the connection's own event loop
 * (inside a listener, say) a send goes straight to the socket; from another thread it is handed
 * to the loop, which is woken once per batch.
 *
 * <p>What {@code send} accepted counts in {@link #bufferedAmount()} until the kernel has taken
 * it. Past the configured limit the configured {@link BackpressurePolicy} applies: by default the
 * connection is closed with 1008.
 */
public interface WebSocket {

    /**
     * Sends a text message.
     *
     * <p>A message dropped is reported once: by {@code false} when {@code send} can tell at once,
     * and otherwise, for a message accepted from another thread that the connection started
     * closing before it could send, by a {@link MessageDroppedException} to {@code onError}
     * (unless {@code onClose} has been called by then: nothing is reported after it).
     *
     * @return true if the message was accepted; false if it was dropped because the connection is
     *     closing or closed, or because the send buffer is full under {@link BackpressurePolicy#DROP}
     * @throws NullPointerException for a null message, naming the argument (as every send does)
     * @throws IllegalStateException while the connection is still {@code CONNECTING}
     */
    boolean send(String text);

    /**
     * Sends a text message whose UTF-8 bytes are {@code utf8}'s remaining bytes, without making a
     * String; see {@link #send(String)}.
     *
     * @throws IllegalArgumentException if the bytes are not valid UTF-8
     */
    boolean sendText(ByteBuffer utf8);

    /** Sends a binary message of {@code data}'s remaining bytes (copied if it cannot go out at once); see {@link #send(String)}. */
    boolean send(ByteBuffer data);

    /** Sends a binary message; see {@link #send(String)}. */
    boolean send(byte[] data);

    /**
     * Sends the next part of a text message sent in parts: the first call starts the message, the
     * call with {@code last} ends it, and no other message may be sent in between. The text may
     * not end with the first half of a surrogate pair. With permessage-deflate the parts are
     * compressed as one stream.
     *
     * @return true if the part was accepted; false as for {@link #send(String)}
     * @throws IllegalStateException while a binary message in parts is unfinished
     */
    boolean sendTextPart(CharSequence text, boolean last);

    /**
     * Sends the next part of a binary message sent in parts; see {@link #sendTextPart}.
     *
     * @throws IllegalStateException while a text message in parts is unfinished
     */
    boolean sendBinaryPart(ByteBuffer data, boolean last);

    /**
     * Opens a binary message to be written as a stream: the bytes written go out in parts of up
     * to 64 KiB, and {@code close()} ends the message. Written from a thread other than the
     * connection's loop, {@code write} blocks while {@link #bufferedAmount()} is above half the
     * send buffer's limit, so a producer of any size runs at the pace of the network. It fails
     * with an {@link java.io.IOException} once the connection is closing.
     */
    OutputStream sendBinaryStream();

    /**
     * Sends a ping of at most 125 bytes; the peer's pong arrives at {@link WebSocketListener#onPong}.
     *
     * @throws IllegalArgumentException for a payload over 125 bytes
     */
    boolean ping(byte[] payload);

    /** Closes with 1000 and no reason. */
    default void close() {
        close(CloseStatus.NORMAL_CLOSURE, "");
    }

    /** Closes with {@code code} and no reason; see {@link #close(int, String)}. */
    default void close(int code) {
        close(code, "");
    }

    /**
     * Starts the closing handshake. Once the peer answers (or the close timeout passes) the
     * connection closes and the listener's {@code onClose} runs. Closing a closing or closed
     * connection does nothing.
     *
     * @throws IllegalArgumentException if {@code code} is not 1000 or 3000–4999, or {@code reason}
     *     is longer than 123 UTF-8 bytes
     */
    void close(int code, String reason);

    /** Drops the TCP connection at once, without a closing handshake (the close event reports 1006). */
    void terminate();

    /**
     * Stops reading from the peer, as Node ws's {@code pause()}: no more bytes are read until
     * {@link #resume()}, so the peer is pushed back through TCP's flow control. Messages already
     * read (at most one read's worth) may still be delivered. With {@link #bufferedAmount()} and
     * {@link WebSocketListener#onDrain} on the sending side, this is what relays two connections
     * without unbounded buffers: pause the source while the destination's buffer is full, resume
     * it on the destination's drain. Timeouts do not count the time spent paused as silence.
     */
    void pause();

    /** Reads from the peer again after {@link #pause()}. */
    void resume();

    /** Whether the application has paused reading. */
    boolean isPaused();

    /** CONNECTING, OPEN, CLOSING or CLOSED. */
    ReadyState readyState();

    /** Bytes that {@code send} accepted and the kernel has not yet taken, framing included. */
    long bufferedAmount();

    /** The subprotocol agreed in the handshake, or the empty string. */
    String protocol();

    /** The extensions agreed in the handshake, one {@code Sec-WebSocket-Extensions} element each. */
    List<String> extensions();

    /** The URI: the one connected to (client), or the one requested, path and query (server). */
    URI uri();

    /** The peer's address and port. */
    InetSocketAddress remoteAddress();

    /**
     * The handshake request's header fields on a server; the 101 response's on a client. A
     * connection keeps them packed in one array and unpacks a fresh copy on each call, so keep the
     * result rather than calling this per message.
     *
     * <p>A server's connection keeps them only until {@link WebSocketListener#onOpen onOpen}
     * returns, unless its endpoint asks for more ({@link Endpoint#keepingHandshakeHeaders()}): an
     * idle connection then holds no copy of the request it came with.
     *
     * @throws IllegalStateException on a server's connection after {@code onOpen} returned, when its
     *     endpoint does not keep them
     */
    HttpHeaders handshakeHeaders();

    /**
     * Subscribes this connection to {@code topic}, as uWebSockets' {@code subscribe}: it then
     * receives what is published there ({@link WebSocketServer#publish(String, String)}) until it
     * unsubscribes or closes (closing unsubscribes from everything). Subscribing twice is the same
     * as once. From any thread: a publish made after this call returns reaches the connection.
     *
     * @throws UnsupportedOperationException on a client's connection: topics belong to a server
     */
    void subscribe(String topic);

    /**
     * Unsubscribes this connection from {@code topic}; what is published after this call returns
     * no longer reaches it. Does nothing if it did not subscribe.
     *
     * @throws UnsupportedOperationException on a client's connection
     */
    void unsubscribe(String topic);

    /**
     * The topics this connection subscribes to, an immutable snapshot (empty on a client). Changes
     * made from another thread show once the connection's event loop has applied them.
     */
    Set<String> topics();

    /**
     * Publishes a text message to every subscriber of {@code topic} except this connection, as
     * uWebSockets' {@code ws.publish} does; see {@link WebSocketServer#publish(String, String)}.
     *
     * @throws UnsupportedOperationException on a client's connection
     */
    void publish(String topic, String text);

    /**
     * Publishes a binary message of {@code data}'s remaining bytes to every subscriber of
     * {@code topic} except this connection; see {@link #publish(String, String)}.
     *
     * @throws UnsupportedOperationException on a client's connection
     */
    void publish(String topic, ByteBuffer data);

    /** What the application attached to this connection, or null. */
    <T> T attachment();

    /** Attaches an object of the application's (a user, a session) to this connection. */
    void attach(Object attachment);

    // ------------------------------------------------------------ where the connection belongs

    /**
     * The server this connection belongs to, or null on a client's connection. It is known before
     * the connection opens, so {@code onOpen} of the very first connection can use it: a listener
     * broadcasts or counts clients with {@code socket.server()} and needs no field set after
     * {@code start()}.
     */
    WebSocketServer server();

    /**
     * The pattern of the endpoint that accepted this connection, as declared on the server's
     * builder but without a trailing slash ({@code "/chat/{room}"}); what
     * {@link WebSocketServer#clients(String)} takes. Null on a client's connection.
     */
    String endpoint();

    /** The path of {@link #uri()} without the query, percent-encoded as it was requested. */
    String path();

    /**
     * The value of the variable {@code name} of the endpoint's pattern in this connection's path,
     * percent-decoded: {@code "room1"} for {@code pathParam("room")} at {@code /chat/{room}} and
     * the path {@code /chat/room1}. Under a prefix pattern ({@code /files/*}), {@code "*"} names
     * the rest of the path ({@code "a/b.txt"} for {@code /files/a/b.txt}). Null for a name the
     * pattern does not have, and on a client's connection. Worked out from the path on each call
     * (a connection keeps no copy), so keep the result rather than calling this per message.
     */
    String pathParam(String name);

    /** Every value {@link #pathParam} gives, in the pattern's order; empty on a client's connection. */
    Map<String, String> pathParams();

    // ------------------------------------------------------------ timers

    /**
     * Runs {@code task} once after {@code delay}, on this connection's event loop, or on its
     * executor when its callbacks run on one: in turn with its other callbacks, never at the same
     * time as one. It must not block on the loop, as a callback must not. What it throws is
     * treated as what a callback throws: reported to {@code onError}, and the connection closes
     * with 1011. Once the connection is closing the task does not run, and once it is closed it
     * is cancelled; a task scheduled after that never runs. Safe from any thread.
     *
     * @throws IllegalArgumentException for a negative delay
     */
    ScheduledTask schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} after {@code initialDelay} and then every {@code period}, as
     * {@link #schedule} runs it once, until it is cancelled or the connection closes. A run falls
     * due {@code period} after the previous one fell due; one that falls due while the previous
     * still waits for the executor is skipped, and a loop held up past several periods runs it
     * once, not once for each.
     *
     * @throws IllegalArgumentException for a negative delay or a period that is not positive
     */
    ScheduledTask scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);
}
