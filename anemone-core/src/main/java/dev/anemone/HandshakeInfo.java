package dev.anemone;

import dev.anemone.protocol.CookieHeader;
import dev.anemone.protocol.HttpHeaders;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What a server knows about a client while deciding whether to accept it: the request's path,
 * headers and cookies, the offered subprotocols, and where it comes from.
 *
 * @param path the request path
 * @param query the query string without '?', or null
 * @param headers the request's header fields
 * @param remoteAddress the client's address
 * @param protocols the subprotocols offered, most preferred first
 * @param secure whether the connection came over TLS ({@code wss://}): what a check of a cookie
 *     marked {@code Secure}, or of credentials sent in the request, should insist on
 */
public record HandshakeInfo(String path, String query, HttpHeaders headers, SocketAddress remoteAddress,
                            List<String> protocols, boolean secure) {

    /** What a server knows of a client that connected without TLS. */
    public HandshakeInfo(String path, String query, HttpHeaders headers, SocketAddress remoteAddress,
                         List<String> protocols) {
        this(path, query, headers, remoteAddress, protocols, false);
    }

    /** The {@code Origin} header, or null: browsers always send it, other clients seldom do. */
    public String origin() {
        return headers.get("Origin");
    }

    /** The cookies of the {@code Cookie} headers, by name (the first wins when a name repeats). */
    public Map<String, String> cookies() {
        return CookieHeader.parse(headers);
    }
}
