package dev.anemone.interop;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;

/**
 * A node's endpoint in the failover tests: greets each connection (WebSocket or SockJS session)
 * with "node:NAME", subscribes it to the topic {@link #ALL}, then echoes.
 *
 * @param name the node's name
 */
record GreetingEcho(String name) implements WebSocketListener {

    /** The topic every connection of a node subscribes to. */
    static final String ALL = "all";

    @Override
    public void onOpen(WebSocket socket) {
        socket.subscribe(ALL);
        socket.send("node:" + name);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        socket.send(text);
    }
}
