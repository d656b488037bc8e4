package dev.anemone.internal;

import java.net.InetSocketAddress;

/**
 * How the log names a connection, the same way in every message: a short id and the peer's
 * address, as in {@code #5e2c1f0a 127.0.0.1:52914}.
 *
 * <p>The id is the identity hash of the connection's transport, which it keeps from its first
 * byte to its close: the lines about its handshake and about the WebSocket it became carry the
 * same id, and telling apart two connections from one address over time needs no field of its
 * own (an idle connection's memory is counted).
 */
final class ConnectionName {

    private ConnectionName() {
    }

    /** The name of the connection over {@code transport}. */
    static String of(Transport transport) {
        return "#" + Integer.toHexString(System.identityHashCode(transport)) + " " + address(transport.remoteAddress());
    }

    /** {@code host:port}, without the slash and the resolved name that {@code toString} adds. */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return "(unknown)";
        }
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
