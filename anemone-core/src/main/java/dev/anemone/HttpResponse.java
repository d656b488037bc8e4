package dev.anemone;

import dev.anemone.protocol.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A response to a plain HTTP request: a status, headers and a body held in memory.
 *
 * @param status the status code
 * @param headers the header fields (Content-Length and Connection are added when it is sent)
 * @param body the body
 */
public record HttpResponse(int status, HttpHeaders headers, byte[] body) {

    /** A plain-text response. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, new HttpHeaders().add("Content-Type", "text/plain; charset=utf-8"),
                (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The same response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, new HttpHeaders().addAll(headers).add(name, value), body);
    }
}
