package dev.anemone.sockjs.internal;

import dev.anemone.protocol.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The request that opened a session, as the session reports it: its URI, the connection's peer,
 * the client's address as the per-address bound counts it (behind a trusted proxy, the one it
 * forwards), and the header fields.
 */
public record Origin(URI uri, InetSocketAddress remoteAddress, InetAddress client, HttpHeaders headers) {
}
