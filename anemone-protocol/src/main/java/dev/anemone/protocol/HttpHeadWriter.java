package dev.anemone.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes an HTTP/1.1 head: a start line, header fields, a blank line. Refuses field names that are
 * not tokens and values with CR, LF or NUL, so no caller can split a response or request.
 */
public final class HttpHeadWriter {

    private final StringBuilder head = new StringBuilder(256);

    /** Starts a head with {@code startLine} (no line ending). */
    public HttpHeadWriter(String startLine) {
        head.append(startLine).append("\r\n");
    }

    /** Adds a field. */
    public HttpHeadWriter field(String name, String value) {
        if (!HttpHeaders.isToken(name)) {
            throw new IllegalArgumentException("Not a header name: '" + name + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                throw new IllegalArgumentException("Header " + name + " has a character that may not appear in a value");
            }
        }
        head.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** Adds every field of {@code headers}. */
    public HttpHeadWriter fields(HttpHeaders headers) {
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                field(headers.name(i), headers.value(i));
            }
        }
        return this;
    }

    /** The head's bytes, ending with the blank line. */
    public byte[] toBytes() {
        return (head + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
