package dev.anemone.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Accepts connections on one loop and spreads them over all the server's loops. */
final class Acceptor implements Selectable {

    private static final Log LOG = Log.of(Acceptor.class);
    private static final byte[] TOO_MANY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 39\r\nConnection: close\r\n\r\nToo many connections from your address\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerRuntime server;
    private final ServerSocketChannel listener;

    Acceptor(ServerRuntime server, ServerSocketChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    /** Registers the listening socket with {@code acceptLoop} and starts accepting; loop thread only. */
    void start(EventLoop acceptLoop) throws IOException {
        acceptLoop.register(listener, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                LOG.warn("accept failed", e);
                return;
            }
            if (channel == null) {
                return;
            }
            take(channel);
        }
    }

    private void take(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetAddress address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
            if (server.isStopping() || !server.admit(address)) {
                channel.write(ByteBuffer.wrap(TOO_MANY));
                channel.close();
                return;
            }
            server.connectionAccepted();
            EventLoop loop = server.nextLoop();
            loop.execute(() -> {
                ServerConnection connection = new ServerConnection(server);
                try {
                    connection.attach(new SocketTransport(loop, channel, null, connection));
                } catch (IOException e) {
                    closeQuietly(channel);
                    server.admissionFailed(address);
                }
            });
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    @Override
    public void onLoopShutdown() {
        closeQuietly(listener);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }
}
