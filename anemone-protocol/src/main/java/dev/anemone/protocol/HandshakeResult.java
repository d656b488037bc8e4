package dev.anemone.protocol;

import java.util.List;

/**
 * What a successful opening handshake settled, as the client sees it.
 *
 * @param protocol the subprotocol the server chose, or null for none
 * @param extensions the extensions the server accepted, one element each
 * @param headers the 101 response's header fields
 */
public record HandshakeResult(String protocol, List<String> extensions, HttpHeaders headers) {
}
