package dev.anemone.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link Registration} with the JDK's selector: its key, and the channel's own reads and writes.
 * The key's attachment is the handler, so that this costs an idle connection one field.
 */
final class NioRegistration implements Registration {

    private final SelectionKey key;

    NioRegistration(SelectionKey key) {
        this.key = key;
    }

    private SocketChannel socket() {
        return (SocketChannel) key.channel();
    }

    @Override
    public void interestOps(int ops) {
        key.interestOps(ops);
    }

    @Override
    public void attach(Selectable handler) {
        key.attach(handler);
    }

    @Override
    public boolean isValid() {
        return key.isValid();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket().shutdownOutput();
    }

    @Override
    public void cancel() {
        key.cancel();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket().read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket().write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket().write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
        return key.channel().isOpen();
    }

    @Override
    public void close() throws IOException {
        key.cancel();
        key.channel().close();
    }
}
