package dev.anemone.examples;

import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;

/**
 * One of the book's applications: the WebSocket endpoints and HTTP routes it adds to a server
 * being built. Its page is a class-path resource under {@code www/NAME/}, which the
 * {@link DemoHub} serves with the others; an application uses nothing but the public API.
 */
public interface Example {

    /** The name in URLs and on the command line ({@code chat}: the page is {@code /chat/}). */
    String name();

    /** Adds the endpoints and routes; {@code routes} is the server's HTTP handler. */
    void mount(WebSocketServer.Builder server, HttpRoutes routes);

    /** Whether it must be served over TLS (https and wss), on the hub's second port. */
    default boolean secure() {
        return false;
    }

    /** Called once the server listens, to start what runs for the whole server. */
    default void started(WebSocketServer server) {
    }

    /** Called before the server closes every connection with 1001, to say goodbye first. */
    default void stopping(WebSocketServer server) {
    }

    /** Called once the server has stopped (or failed to start after mounting it), to release what the example holds. */
    default void stopped() {
    }
}
