package dev.anemone;

import dev.anemone.protocol.HttpHeaders;

/**
 * A server's answer to a handshake: accept (with extra response headers and an attachment for the
 * connection if wanted), or refuse with an HTTP status, a message and headers.
 */
public final class Verdict {

    private final boolean accepted;
    private final int status;
    private final String message;
    private final HttpHeaders headers;
    private final Object attachment;

    private Verdict(boolean accepted, int status, String message, HttpHeaders headers, Object attachment) {
        this.accepted = accepted;
        this.status = status;
        this.message = message;
        this.headers = headers == null ? new HttpHeaders() : headers;
        this.attachment = attachment;
    }

    /** Accept the connection. */
    public static Verdict accept() {
        return new Verdict(true, 101, null, null, null);
    }

    /** Refuse with {@code status} (such as 401 or 403) and its usual phrase as the message. */
    public static Verdict reject(int status) {
        return reject(status, dev.anemone.protocol.HttpStatus.reasonPhrase(status), null);
    }

    /** Refuse with {@code status}, a message for the body, and extra headers (may be null). */
    public static Verdict reject(int status, String message, HttpHeaders headers) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("a refusal needs a 3xx, 4xx or 5xx status, not " + status);
        }
        return new Verdict(false, status, message, headers, null);
    }

    /** The same accepting verdict with one more response header, such as {@code Set-Cookie}. */
    public Verdict withHeader(String name, String value) {
        HttpHeaders more = new HttpHeaders().addAll(headers).add(name, value);
        return new Verdict(accepted, status, message, more, attachment);
    }

    /** The same accepting verdict, attaching {@code value} to the new connection (see {@link WebSocket#attachment()}). */
    public Verdict attach(Object value) {
        return new Verdict(accepted, status, message, headers, value);
    }

    /** Whether the connection is accepted. */
    public boolean accepted() {
        return accepted;
    }

    /** The refusal's status (101 when accepted). */
    public int status() {
        return status;
    }

    /** The refusal's message, or null. */
    public String message() {
        return message;
    }

    /** Extra headers for the response. */
    public HttpHeaders headers() {
        return headers;
    }

    /** What to attach to the connection, or null. */
    public Object attachment() {
        return attachment;
    }
}
