package dev.anemone.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A connection accepted as a JDK socket channel, as on the JDK's selector. */
final class AcceptedChannel implements AcceptedSocket {

    private final SocketChannel channel;
    private InetSocketAddress remoteAddress;

    AcceptedChannel(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void configure() throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public Registration register(EventLoop loop) throws IOException {
        return loop.register(channel, 0, null);
    }

    @Override
    public void close() throws IOException {
        // Closing the channel cancels its registration, on either poller.
        channel.close();
    }
}
