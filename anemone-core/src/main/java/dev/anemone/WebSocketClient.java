package dev.anemone;

import dev.anemone.internal.ClientConnection;
import dev.anemone.internal.EventLoopGroup;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.PerMessageDeflate;
import dev.anemone.protocol.WebSocketUri;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens WebSocket connections. One client's event loops serve all its connections; most programs
 * need only {@link #shared()}.
 *
 * <pre>{@code
 * WebSocket socket = WebSocketClient.shared()
 *         .connect(URI.create("ws://localhost:8080/echo"), ClientOptions.defaults(), listener)
 *         .join();
 * }</pre>
 */
public final class WebSocketClient implements AutoCloseable {

    private static final class Shared {
        static final WebSocketClient INSTANCE = new WebSocketClient(1);
    }

    private final EventLoopGroup loops;
    /** One negotiator per compression setting, so connections share its pool of idle inflaters. */
    private final Map<DeflateOptions, PerMessageDeflate> deflaters = new ConcurrentHashMap<>();

    /**
     * A client with {@code eventLoops} loops of its own, on the backend the system property
     * {@value IoBackend#PROPERTY} names (else {@link IoBackend#NIO}); close it when done.
     */
    public WebSocketClient(int eventLoops) {
        this(eventLoops, IoBackend.fromSystemProperty());
    }

    /**
     * A client with {@code eventLoops} loops of its own that wait on {@code ioBackend}; close it
     * when done.
     *
     * @throws IllegalStateException for {@link IoBackend#EPOLL} without the {@code anemone-epoll} module
     */
    public WebSocketClient(int eventLoops, IoBackend ioBackend) {
        this.loops = new EventLoopGroup(eventLoops, "anemone-client", Objects.requireNonNull(ioBackend, "ioBackend"));
    }

    /** What the loops wait on: {@link IoBackend#NIO} or {@link IoBackend#EPOLL}, which is how {@link IoBackend#AUTO} turned out. */
    public IoBackend ioBackend() {
        return loops.ioBackend();
    }

    /** A client with one loop, shared by the whole program and never closed. */
    public static WebSocketClient shared() {
        return Shared.INSTANCE;
    }

    /**
     * Connects, as the browser's {@code new WebSocket(url)} does. The future completes with the
     * open connection, or fails: with a {@link dev.anemone.protocol.HandshakeException} (exposing
     * the status, headers and body of a refusal) when the handshake fails, an
     * {@link java.io.IOException} when the TCP connection does, a
     * {@link java.util.concurrent.TimeoutException} when a timeout passes, an
     * {@link javax.net.ssl.SSLHandshakeException} when a {@code wss://} server's certificate is
     * not trusted or does not name the host (see {@link ClientOptions#tls()}), or an
     * {@link IllegalArgumentException} for a bad URI.
     *
     * <p>Where things run: the listener's callbacks run on this client's event loop (or on the
     * options' executor). A connection that fails after {@code connect} returned reaches the
     * listener as in the browser, {@code onError} with the same exception and then
     * {@code onClose} with 1006, given a closed stand-in {@code WebSocket}; a bad URI only fails
     * the future, as the browser's constructor throws. The future is completed after that, and
     * after {@code onOpen} when callbacks run on the loop, on a thread of the library's that is
     * not an event loop, so the stages chained on it never run on a loop and may block. Waiting
     * for it ({@code join()}, {@code get()}) on this client's own loop, in a callback of another
     * of its connections, would never end: it throws {@link IllegalStateException} instead.
     */
    public CompletableFuture<WebSocket> connect(URI uri, ClientOptions options, WebSocketListener listener) {
        Objects.requireNonNull(listener, "listener");
        WebSocketUri target;
        try {
            target = WebSocketUri.of(uri);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<ExtensionNegotiator> extensions = options.compression() == null ? List.of()
                : List.of(deflaters.computeIfAbsent(options.compression(), PerMessageDeflate::new));
        return ClientConnection.open(loops.next(), uri, target, options, extensions, listener);
    }

    /** Connects with the default options. */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
        return connect(uri, ClientOptions.defaults(), listener);
    }

    /** Stops this client's loops, dropping its connections. */
    @Override
    public void close() throws InterruptedException {
        loops.shutdown(2_000);
    }
}
