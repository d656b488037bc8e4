package dev.anemone;

import java.util.Objects;

/**
 * A WebSocket endpoint: the listener for its connections, and how it admits clients.
 *
 * @param listener what its connections report to
 * @param verifier who may connect (null: the server's default)
 * @param selector how the subprotocol is chosen (null: the server's default)
 */
public record Endpoint(WebSocketListener listener, ClientVerifier verifier, ProtocolSelector selector) {

    /** Checks the listener. */
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
    }

    /** An endpoint with the server's default verifier and selector. */
    public static Endpoint of(WebSocketListener listener) {
        return new Endpoint(listener, null, null);
    }

    /** The same endpoint with its own verifier. */
    public Endpoint withVerifier(ClientVerifier clientVerifier) {
        return new Endpoint(listener, clientVerifier, selector);
    }

    /** The same endpoint with its own subprotocol selector. */
    public Endpoint withProtocols(ProtocolSelector protocolSelector) {
        return new Endpoint(listener, verifier, protocolSelector);
    }
}
