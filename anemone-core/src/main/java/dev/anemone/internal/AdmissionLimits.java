package dev.anemone.internal;

/**
 * A server's limits on who connects how often, shared by all its connections.
 *
 * @param maxConnections the most connections open at once, in all
 * @param maxConnectionsPerAddress the most connections open at once from one address group
 * @param connectionsPerSecond new connections a second from one address group (0: no limit)
 * @param handshakesPerSecond WebSocket handshakes a second from one client address group (0: no limit)
 * @param proxies the proxies whose forwarded client address is taken for the handshake limit
 */
public record AdmissionLimits(int maxConnections, int maxConnectionsPerAddress, int connectionsPerSecond,
                              int handshakesPerSecond, TrustedProxies proxies) {
}
