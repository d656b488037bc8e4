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

    /** The reason phrase for a status this project sends. */
    public static String reasonPhrase(int status) {
        switch (status) {
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 426: return "Upgrade Required";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }
}
