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
 */
public record Endpoint(WebSocketListener listener, ClientVerifier verifier, ProtocolSelector selector,
                       Executor executor) {

    /** Checks the listener. */
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
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
        return new Endpoint(listener, clientVerifier, selector, executor);
    }

    /** The same endpoint with its own subprotocol selector. */
    public Endpoint withProtocols(ProtocolSelector protocolSelector) {
        return new Endpoint(listener, verifier, protocolSelector, executor);
    }

    /**
     * The same endpoint with its connections' callbacks run on {@code callbackExecutor}; see
     * {@link WebSocketServer.Builder#executor(Executor)}.
     */
    public Endpoint withExecutor(Executor callbackExecutor) {
        return new Endpoint(listener, verifier, selector, callbackExecutor);
    }
}
