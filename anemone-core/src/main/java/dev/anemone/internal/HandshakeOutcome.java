package dev.anemone.internal;

import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.MessageCodec;
import java.net.URI;
import java.util.List;

/**
 * What an opening handshake settled for one connection, handed to its {@link WebSocketSession}.
 *
 * @param uri the URI connected to (client) or requested (server)
 * @param protocol the subprotocol agreed, or null
 * @param extensions the extension elements agreed
 * @param headers the request's headers (server) or the response's (client)
 * @param codec the codec of the agreed extension, or null
 * @param attachment what the server's verifier attached, or null
 */
record HandshakeOutcome(URI uri, String protocol, List<String> extensions, HttpHeaders headers, MessageCodec codec,
                        Object attachment) {
}
