package dev.anemone.interop;

import dev.anemone.WebSocket;

/**
 * One compressed connection under test: a client and a server, one of them ours, talking through
 * a {@link WireCounter}. Opening waits until both sides report the connection open.
 */
interface CompressedLink extends AutoCloseable {

    /** The {@code Sec-WebSocket-Extensions} value the peer reported from its handshake. */
    String peerExtensions();

    /** Our side of the connection. */
    WebSocket ours();

    /** The relay between the two sides. */
    WireCounter wire();

    /**
     * The client sends the generated message; returns once the server got it and the client got
     * its echo, both checked by digest and type.
     */
    void echo(String type, int size);

    /** Ends the connection, the peer and the relay, whatever their state. */
    @Override
    void close();
}
