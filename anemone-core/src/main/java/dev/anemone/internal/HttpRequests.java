package dev.anemone.internal;

import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.protocol.BodyDecoder;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpRequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The plain-HTTP side of a server connection, apart from the connection's state: what a request
 * must satisfy before its body is read, and the call into the application's handler.
 */
final class HttpRequests {

    private static final Log LOG = Log.of(HttpRequests.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the server answers a request that no handler of the application takes. */
    static HttpHandler fallback(boolean webSocketPath) {
        return webSocketPath ? UPGRADE_REQUIRED : NOT_FOUND;
    }

    /** What answers when the server has no handler, on paths that are no WebSocket's. */
    private static final HttpHandler NOT_FOUND = (request, exchange) ->
            exchange.respond(HttpResponse.text(404, "Not Found"));

    /** What answers when the server has no handler, on a WebSocket's path. */
    private static final HttpHandler UPGRADE_REQUIRED = (request, exchange) ->
            exchange.respond(HttpResponse.text(426, "This is a WebSocket endpoint: connect with a WebSocket client")
                    .withHeader("Upgrade", "websocket").withHeader("Connection", "Upgrade"));

    private HttpRequests() {
    }

    /**
     * Checks a request's head and prepares to read its body, telling a client that expects it to
     * go on (100 Continue) once the declared length is known to be within the limit.
     *
     * @throws HandshakeException with the status to refuse it with: 400 for an HTTP/1.1 request
     *     without exactly one Host, 417 for an expectation other than 100-continue, and the body's
     *     framing errors (413, 400, 501)
     */
    static RequestBodyReader begin(HttpRequestHead head, boolean webSocketPath, ServerConfig config,
                                   ServerConnection connection) throws HandshakeException {
        boolean http11 = head.isHttp11OrLater();
        if (http11 && head.headers().count("Host") != 1) {
            throw new HandshakeException(400, "Missing or repeated Host header");
        }
        BodyDecoder decoder = BodyDecoder.forRequest(head, config.http().maxBodyBytes(), config.headLimits().maxBytes());
        String expectation = head.headers().get("Expect");
        if (expectation != null) {
            if (!expectation.equalsIgnoreCase("100-continue")) {
                throw new HandshakeException(417, "Only 100-continue can be expected");
            }
            if (http11 && !decoder.isComplete()) {
                connection.send(100, ByteBuffer.wrap(CONTINUE), SocketTransport.EMPTY);
            }
        }
        return new RequestBodyReader(head, decoder, webSocketPath);
    }

    /**
     * Calls the handler (the server's, or the default for the path) through the callback
     * boundary; one that throws gets 500 sent for it, or its answer cut off if it had begun one.
     */
    static void handle(HttpHandler configured, HttpRequest request, ServerExchange exchange, boolean webSocketPath) {
        HttpHandler handler = configured != null ? configured : fallback(webSocketPath);
        Callbacks.Called<Object> handled = Callbacks.call("the HTTP handler", true, () -> {
            handler.handle(request, exchange);
            return null;
        });
        if (handled.failed()) {
            LOG.warn("the HTTP handler failed on " + request.method() + " " + request.head().target() + " from "
                    + exchange.connectionName() + "; answered 500 unless it had begun an answer",
                    handled.failure());
            exchange.handlerFailed();
        }
    }
}
