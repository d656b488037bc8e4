package dev.anemone.protocol;

/**
 * A parsed HTTP/1.1 status line and header fields.
 *
 * @param version the version, such as {@code HTTP/1.1}
 * @param status the status code
 * @param reason the reason phrase (may be empty)
 * @param headers the header fields
 */
public record HttpResponseHead(String version, int status, String reason, HttpHeaders headers) {
}
