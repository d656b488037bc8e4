package dev.anemone;

/**
 * Answers the plain HTTP requests that share the server's port with its WebSocket endpoints, as
 * a page and its WebSocket share one port in the browser examples; {@link HttpRoutes} picks one
 * by method and path, {@link StaticFiles} serves files.
 *
 * <p>It runs on an event loop, so it must not block: answer at once with
 * {@link HttpExchange#respond}, or keep the exchange and answer it later from any thread (a long
 * poll, or work handed to an executor), or stream the answer with {@link HttpExchange#stream}. An
 * exchange nobody answers stays open until the client leaves. A handler that throws before
 * answering gets 500 sent for it; the throwable is logged with the connection's address, and
 * nothing else on the server notices.
 *
 * <pre>{@code
 * HttpHandler hello = (request, exchange) ->
 *         exchange.respond(HttpResponse.text(200, "Hello, " + request.query().get("name", "you")));
 * }</pre>
 */
@FunctionalInterface
public interface HttpHandler {

    /** Handles {@code request}, answering it through {@code exchange} now or later. */
    void handle(HttpRequest request, HttpExchange exchange) throws Exception;
}
