package dev.anemone;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A WebSocket endpoint: the listener for its connections, and how it admits clients.
 *
 * @param listener what its connections report to
 * @param verifier who may connect, asked after the server's verifier has accepted (null: the
 *     server's alone)
 * @param selector how the subprotocol is chosen (null: the server's default)
 * @param executor where its connections' callbacks run (null: the server's default)
 * @param keepsHandshakeHeaders whether its connections keep the handshake's header fields for their
 *     whole life, rather than only until {@code onOpen} returns; see {@link #keepingHandshakeHeaders()}
 */
public record Endpoint(WebSocketListener listener, ClientVerifier verifier, ProtocolSelector selector,
                       Executor executor, boolean keepsHandshakeHeaders) {

    /** Checks the listener. */
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
    }

    /** An endpoint whose connections keep their handshake headers only until {@code onOpen} returns. */
    public Endpoint(WebSocketListener listener, ClientVerifier verifier, ProtocolSelector selector,
                    Executor executor) {
        this(listener, verifier, selector, executor, false);
    }

    /** An endpoint with the server's default verifier and selector. */
    public static Endpoint of(WebSocketListener listener) {
        return new Endpoint(listener, null, null, null);
    }

    /**
     * The same endpoint with its own verifier, which adds to the server's
     * ({@link WebSocketServer.Builder#verifyClient}): a client must pass the server's first, then
     * this one, so an endpoint can narrow who gets in but never let in whom the server refuses.
     */
    public Endpoint withVerifier(ClientVerifier clientVerifier) {
        return new Endpoint(listener, clientVerifier, selector, executor, keepsHandshakeHeaders);
    }

    /** The same endpoint with its own subprotocol selector. */
    public Endpoint withProtocols(ProtocolSelector protocolSelector) {
        return new Endpoint(listener, verifier, protocolSelector, executor, keepsHandshakeHeaders);
    }

    /**
     * The same endpoint with its connections' callbacks run on {@code callbackExecutor}; see
     * {@link WebSocketServer.Builder#executor(Executor)}.
     */
    public Endpoint withExecutor(Executor callbackExecutor) {
        return new Endpoint(listener, verifier, selector, callbackExecutor, keepsHandshakeHeaders);
    }

    /**
     * The same endpoint with its connections keeping the handshake's header fields for their whole
     * life, so that {@link WebSocket#handshakeHeaders()} answers after {@code onOpen} too.
     *
     * <p>By default a connection drops them once {@code onOpen} returns, as Node's {@code ws} hands
     * the request to its {@code connection} event alone: a browser's request head is hundreds of
     * bytes, held by every idle connection for an answer most applications want once, when the
     * connection opens (and its verifier sees them before that, in {@link HandshakeInfo}).
     */
    public Endpoint keepingHandshakeHeaders() {
        return new Endpoint(listener, verifier, selector, executor, true);
    }
}
