package dev.anemone.sockjs.internal;

import dev.anemone.WebSocketServer;

/**
 * The server a SockJS service runs on, learned once it is known: the service is mounted on a
 * builder, before the server exists.
 */
public final class ServerHolder {

    private volatile WebSocketServer server;

    /** The server, or null while it is not known. */
    public WebSocketServer get() {
        return server;
    }

    /** Records the server. */
    public void set(WebSocketServer value) {
        server = value;
    }
}
