package dev.anemone;

/**
 * Answers the plain HTTP requests that share the server's port with its WebSocket endpoints, as
 * a page and its WebSocket share one port in the browser examples. It runs on an event loop:
 * keep it quick.
 */
@FunctionalInterface
public interface HttpHandler {

    /** The response to {@code request}. */
    HttpResponse handle(HttpRequest request);
}
