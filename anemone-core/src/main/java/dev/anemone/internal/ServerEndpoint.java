package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.WebSocketServer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One endpoint of a running server, shared by all of its connections: its pattern, its listener
 * and admission rules, the server it belongs to, and the settings its sessions run with. A
 * session reaches it through its {@link SessionSettings}, so knowing its server and endpoint
 * costs a connection nothing.
 */
final class ServerEndpoint {

    private final WebSocketServer server;
    private final PathPattern pattern;
    private final Endpoint endpoint;
    private final SessionSettings settings;
    private final ClientVerifier verifier;
    private final Consumer<WebSocketSession> onSessionClosed;
    /**
     * The last connection's handshake without its headers, lent to the next one that packs the
     * same: an endpoint's clients mostly ask for the same URI, subprotocol and extensions, and an
     * idle connection then holds a reference rather than a copy (about 50 bytes each).
     */
    private volatile byte[] lastHandshake;

    ServerEndpoint(WebSocketServer server, PathPattern pattern, Endpoint endpoint, SessionSettings serverSettings,
                   ClientVerifier serverVerifier, Consumer<WebSocketSession> onSessionClosed) {
        this.server = server;
        this.onSessionClosed = onSessionClosed;
        // The endpoint's rules add to the server's: an endpoint cannot let in whom the server refuses.
        this.verifier = endpoint.verifier() == null ? serverVerifier : serverVerifier.and(endpoint.verifier());
        this.pattern = pattern;
        this.endpoint = endpoint;
        this.settings = serverSettings.forEndpoint(this);
    }

    WebSocketServer server() {
        return server;
    }

    PathPattern pattern() {
        return pattern;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Who may connect here: the server's verifier, then the endpoint's own if it has one. */
    ClientVerifier verifier() {
        return verifier;
    }

    /** The settings of this endpoint's sessions: the server's, pointing back here. */
    SessionSettings settings() {
        return settings;
    }

    /** A session of this endpoint closed: the server stops tracking it. Loop thread. */
    void sessionClosed(WebSocketSession session) {
        onSessionClosed.accept(session);
    }

    /** {@code packed}, or an equal array a connection of this endpoint already holds. Any thread. */
    byte[] shared(byte[] packed) {
        byte[] last = lastHandshake;
        if (Arrays.equals(last, packed)) {
            return last;
        }
        lastHandshake = packed;
        return packed;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
