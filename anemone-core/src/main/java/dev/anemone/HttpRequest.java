package dev.anemone;

import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import java.net.SocketAddress;

/**
 * A plain HTTP request that arrived on the server's port (anything that is not a WebSocket upgrade).
 *
 * @param head the request line and headers
 * @param remoteAddress the client's address
 */
public record HttpRequest(HttpRequestHead head, SocketAddress remoteAddress) {

    /** The method, such as GET. */
    public String method() {
        return head.method();
    }

    /** The path, without the query. */
    public String path() {
        return head.path();
    }

    /** The header fields. */
    public HttpHeaders headers() {
        return head.headers();
    }
}
