package dev.anemone;

import dev.anemone.protocol.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A whole answer to a plain HTTP request: a status, header fields and a body held in memory. The
 * server adds the framing ({@code Content-Length}, {@code Connection}) and {@code Date}; the
 * reason phrase follows from the status.
 *
 * @param status the status code, 200 to 999 (an interim 1xx is never a whole answer)
 * @param headers the header fields
 * @param body the body, not copied: it must not change once the response is made
 */
public record HttpResponse(int status, HttpHeaders headers, byte[] body) {

    private static final String UTF_8 = "; charset=utf-8";

    /** Checks the status; null headers or body stand for none. */
    public HttpResponse {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("A response status is 200 to 999, not " + status);
        }
        headers = headers == null ? new HttpHeaders() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** An answer with no body, such as 204. */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, null, null);
    }

    /** An answer with {@code body} of the media type {@code contentType}. */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, new HttpHeaders().add("Content-Type", contentType), body);
    }

    /** Plain text in UTF-8, ending with a line break so that it reads well in a terminal. */
    public static HttpResponse text(int status, String text) {
        return utf8(status, "text/plain", text + "\n");
    }

    /** An HTML page in UTF-8. */
    public static HttpResponse html(int status, String html) {
        return utf8(status, "text/html", html);
    }

    /** A JSON document, already serialized, in UTF-8. */
    public static HttpResponse json(int status, String json) {
        return utf8(status, "application/json", json);
    }

    private static HttpResponse utf8(int status, String mediaType, String text) {
        return of(status, mediaType + UTF_8, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A redirect to {@code location}: 303 (See Other, the answer to a form post: the browser then
     * GETs the location), 302 (Found), 307 (Temporary Redirect, keeping the method and body),
     * 301 or 308 (permanent).
     *
     * @throws IllegalArgumentException for another status
     */
    public static HttpResponse redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("A redirect is 301, 302, 303, 307 or 308, not " + status);
        }
        return text(status, "See " + location).withHeader("Location", Objects.requireNonNull(location));
    }

    /** The same response with one more header field. */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, new HttpHeaders().addAll(headers).add(name, value), body);
    }

    /**
     * The same response setting {@code cookie} in the browser ({@code Set-Cookie}). A cookie
     * {@link SetCookie#withSecure marked Secure} is only set over TLS: on a plain connection the
     * server leaves it out of the response and logs a warning.
     */
    public HttpResponse withCookie(SetCookie cookie) {
        return withHeader("Set-Cookie", cookie.headerValue());
    }
}
