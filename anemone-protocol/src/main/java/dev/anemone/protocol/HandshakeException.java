package dev.anemone.protocol;

/**
 * An opening handshake that did not succeed.
 *
 * <p>On a server it carries the answer to send: an HTTP status, extra headers (such as
 * {@code Sec-WebSocket-Version: 13} with a 426) and a short message for the body. On a client it
 * describes what was wrong with the server's answer, and for a non-101 answer exposes its status,
 * headers and body.
 */
public final class HandshakeException extends Exception {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    /** A failure with an HTTP status (0 when there is none, as for a bad 101), headers and body. */
    public HandshakeException(int status, String message, HttpHeaders headers, byte[] body) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers == null ? new HttpHeaders() : headers;
        this.body = body == null ? new byte[0] : body;
    }

    /** A failure with a status and a message, no extra headers. */
    public HandshakeException(int status, String message) {
        this(status, message, null, null);
    }

    /** The HTTP status: the one to answer with on a server, the one received on a client. */
    public int status() {
        return status;
    }

    /** Headers to send (server) or received (client). */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body received with a non-101 answer (client); empty otherwise. */
    public byte[] body() {
        return body.clone();
    }

    /** The same failure with the body that followed the response head. */
    public HandshakeException withBody(byte[] receivedBody) {
        return new HandshakeException(status, getMessage(), headers, receivedBody);
    }
}
