package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.IoBackend;
import dev.anemone.ProtocolSelector;
import dev.anemone.TlsOptions;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.HeadLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Everything a server was built with; made by {@code WebSocketServer.Builder}.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param endpoints WebSocket endpoints by path pattern, in declaration order
 * @param verifier the default client verifier
 * @param selector the default subprotocol selector
 * @param http how plain HTTP requests are answered
 * @param executor where callbacks run by default, or null for the event loops
 * @param eventLoops how many event loops
 * @param ioBackend what the event loops wait on
 * @param session per-connection settings
 * @param headLimits limits on the request head
 * @param handshakeTimeout how long a client has from connecting to completing its request head
 * @param limits how many connections, and how often, from one address and in all
 * @param acceptBacklog how many connections the kernel may hold for us before we accept them
 * @param extensions the extensions offered to clients, such as permessage-deflate
 * @param tls the server's TLS identity, or null to speak plain TCP
 */
public record ServerConfig(String host, int port, Map<String, Endpoint> endpoints, ClientVerifier verifier,
                           ProtocolSelector selector, HttpSettings http, Executor executor, int eventLoops,
                           IoBackend ioBackend, SessionSettings session,
                           HeadLimits headLimits, Duration handshakeTimeout, AdmissionLimits limits,
                           int acceptBacklog,
                           List<ExtensionNegotiator> extensions, TlsOptions tls) {
}
