package dev.anemone;

import dev.anemone.protocol.CookieHeader;
import dev.anemone.protocol.HttpHeaders;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param pathParams the values of the endpoint pattern's variables ({@code room} of
 *     {@code /chat/{room}}), percent-decoded, or under {@code "*"} what a prefix pattern
 *     ({@code /files/*}) left of the path; empty for an exact pattern
 */
public record HandshakeInfo(String path, String query, HttpHeaders headers, SocketAddress remoteAddress,
                            List<String> protocols, boolean secure, Map<String, String> pathParams) {

    /** Copies the path parameters. */
    public HandshakeInfo {
        pathParams = pathParams == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pathParams));
    }

    /** What a server knows of a client that connected without TLS, at an endpoint without variables. */
    public HandshakeInfo(String path, String query, HttpHeaders headers, SocketAddress remoteAddress,
                         List<String> protocols) {
        this(path, query, headers, remoteAddress, protocols, false);
    }

    /** A handshake at an endpoint without variables. */
    public HandshakeInfo(String path, String query, HttpHeaders headers, SocketAddress remoteAddress,
                         List<String> protocols, boolean secure) {
        this(path, query, headers, remoteAddress, protocols, secure, Map.of());
    }

    /** The value of the endpoint pattern's variable {@code name}, or null; see {@link #pathParams}. */
    public String pathParam(String name) {
        return pathParams.get(name);
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
