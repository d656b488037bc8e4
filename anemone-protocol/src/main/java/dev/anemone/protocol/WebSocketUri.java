package dev.anemone.protocol;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A WebSocket URI (RFC 6455 section 3): {@code ws} or {@code wss}, with {@code http} and
 * {@code https} taken as aliases. The port defaults to 80 or 443; path and query are kept as the
 * resource name; a fragment is refused.
 *
 * @param secure whether the connection uses TLS
 * @param host the host name or address (IPv6 without brackets)
 * @param port the port
 * @param resourceName the path (at least "/") and query, as sent in the request line
 */
public record WebSocketUri(boolean secure, String host, int port, String resourceName) {

    /**
     * Parses a URI.
     *
     * @throws IllegalArgumentException naming what is wrong: syntax, scheme, missing host, fragment
     */
    public static WebSocketUri parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URI: " + e.getMessage(), e);
        }
        return of(parsed);
    }

    /** Checks and converts a {@link URI}; see {@link #parse(String)}. */
    public static WebSocketUri of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure;
        switch (scheme) {
            case "ws":
            case "http":
                secure = false;
                break;
            case "wss":
            case "https":
                secure = true;
                break;
            default:
                throw new IllegalArgumentException("A WebSocket URI needs the scheme ws or wss, not '" + scheme + "'");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("A WebSocket URI must not have a fragment: #" + uri.getRawFragment());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("A WebSocket URI needs a host: " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String resource = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WebSocketUri(secure, host, port, resource);
    }

    /** The value of the {@code Host} header: the port only when it is not the default. */
    public String hostHeader() {
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (secure ? 443 : 80) ? name : name + ":" + port;
    }

    @Override
    public String toString() {
        return (secure ? "wss://" : "ws://") + hostHeader() + resourceName;
    }
}
