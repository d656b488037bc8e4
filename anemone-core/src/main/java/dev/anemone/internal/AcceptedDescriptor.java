package dev.anemone.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * A connection accepted on epoll as a bare descriptor, with no JDK channel around it. The channel
 * would hold some 400 bytes per connection that an epoll loop never uses (the channel, its
 * descriptor object, its locks, and its local and remote addresses), two fifths of what an idle
 * connection costs.
 */
final class AcceptedDescriptor implements AcceptedSocket {

    private final int fd;
    private final InetSocketAddress remoteAddress;
    /** Set by {@link #register}; from then on closing goes through it. */
    private Registration registration;
    private boolean closed;

    private AcceptedDescriptor(int fd, InetSocketAddress remoteAddress) {
        this.fd = fd;
        this.remoteAddress = remoteAddress;
    }

    /**
     * Accepts the next connection waiting on {@code listener}: null when none waits. {@code peer}
     * is the caller's scratch of {@link Epoll#PEER_SIZE} bytes, direct and in native order.
     */
    static AcceptedDescriptor accept(int listener, ByteBuffer peer) throws IOException {
        int fd = Epoll.accept(listener, peer);
        if (fd == -Epoll.EAGAIN) {
            return null;
        }
        if (fd < 0) {
            throw Epoll.failure(fd);
        }
        try {
            return new AcceptedDescriptor(fd, peerAddress(peer));
        } catch (IOException | RuntimeException e) {
            Epoll.close(fd);
            throw e;
        }
    }

    /** The address {@link Epoll#accept} wrote; an IPv4 address mapped into IPv6 comes back as IPv4, as from the JDK. */
    private static InetSocketAddress peerAddress(ByteBuffer peer) throws IOException {
        int family = peer.getInt(0);
        if (family != 4 && family != 6) {
            throw new IOException("accepted a connection of an unknown address family");
        }
        byte[] address = new byte[family == 4 ? 4 : 16];
        peer.get(12, address);
        InetAddress host = InetAddress.getByAddress(address);
        int scope = peer.getInt(8);
        if (family == 6 && scope != 0 && !(host instanceof Inet4Address)) {
            host = Inet6Address.getByAddress(null, address, scope);
        }
        return new InetSocketAddress(host, peer.getInt(4));
    }

    @Override
    public void configure() {
        // accept4 made it non-blocking, and the library set TCP_NODELAY.
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int position = src.position();
        int n = Epoll.send(fd, src, position, src.remaining());
        if (n < 0) {
            throw Epoll.failure(n);
        }
        src.position(position + n);
        return n;
    }

    @Override
    public Registration register(EventLoop loop) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        registration = loop.adopt(fd, null);
        return registration;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.close();
            return;
        }
        int result = Epoll.close(fd);
        if (result < 0) {
            throw Epoll.failure(result);
        }
    }
}
