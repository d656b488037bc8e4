package dev.anemone.examples;

import dev.anemone.EchoListener;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;

/**
 * The book's chapter 1: what a client sends comes back. Its page shows the echo and the socket's
 * state as the browser sees it: readyState, bufferedAmount, protocol, extensions, and how it closed.
 */
public final class Echo implements Example {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        server.endpoint("/echo/ws", new EchoListener());
    }
}
