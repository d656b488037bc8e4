package dev.anemone.sockjs.internal;

import dev.anemone.protocol.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The request that opened a session, as the session reports it: its URI, the client's address
 * and the header fields.
 */
public record Origin(URI uri, InetSocketAddress remoteAddress, HttpHeaders headers) {
}
