package dev.anemone.protocol;

/**
 * A parsed HTTP/1.1 request line and header fields.
 *
 * @param method the method, as sent (methods are case-sensitive)
 * @param target the request target: path and query
 * @param version the version, such as {@code HTTP/1.1}
 * @param headers the header fields
 */
public record HttpRequestHead(String method, String target, String version, HttpHeaders headers) {

    /**
     * The major version number: 1 for {@code HTTP/1.1}, 2 for {@code HTTP/2.0}; -1 when
     * {@link #version} is not {@code HTTP/<digit>.<digit>} (RFC 9112 section 2.3).
     */
    public int majorVersion() {
        return HttpVersion.major(version);
    }

    /** The minor version number: 1 for {@code HTTP/1.1}; -1 when {@link #version} is malformed. */
    public int minorVersion() {
        return HttpVersion.minor(version);
    }

    /**
     * Whether the connection stays open after the response (RFC 9112 section 9.3): unless the
     * client says {@code Connection: close}, yes from HTTP/1.1 on, and for HTTP/1.0 only when it
     * asks for {@code keep-alive}.
     */
    public boolean persistent() {
        if (headers.containsToken("Connection", "close")) {
            return false;
        }
        return isHttp11OrLater() || headers.containsToken("Connection", "keep-alive");
    }

    /** Whether the version is HTTP/1.1 or later, which may send chunked bodies and keeps connections open by default. */
    public boolean isHttp11OrLater() {
        int major = majorVersion();
        return major > 1 || (major == 1 && minorVersion() >= 1);
    }

    /** The target's path, without the query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The target's query without the '?', or null. */
    public String query() {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }
}
