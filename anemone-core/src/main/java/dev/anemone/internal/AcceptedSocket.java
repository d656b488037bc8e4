package dev.anemone.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection the acceptor took from the kernel, on its way to the loop that will serve it: a
 * JDK socket channel ({@link AcceptedChannel}), or on epoll a bare descriptor
 * ({@link AcceptedDescriptor}), which spares every connection the channel's objects.
 *
 * <p>Until {@link #register} it is the acceptor's to close; after, closing it closes the
 * registration too, so that a connection whose setup failed leaves nothing in its poller.
 */
interface AcceptedSocket extends Closeable {

    /**
     * Sets it up as every connection of a loop is, non-blocking and with {@code TCP_NODELAY}, and
     * learns where it comes from; before anything else.
     */
    void configure() throws IOException;

    /** Where the connection comes from, once {@link #configure}d. */
    InetSocketAddress remoteAddress();

    /** Writes what the kernel takes now of {@code src}, which must be direct; for a refusal, so it never waits. */
    int writeNow(ByteBuffer src) throws IOException;

    /**
     * Registers it with {@code loop}'s poller, watching for nothing and with no handler yet: its
     * transport attaches itself. Loop thread only.
     */
    Registration register(EventLoop loop) throws IOException;
}
