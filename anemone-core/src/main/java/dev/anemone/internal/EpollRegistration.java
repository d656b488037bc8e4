package dev.anemone.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A channel on an {@link EpollPoller}: its descriptor, its slot, and reads and writes by
 * {@code recv} and {@code send} from direct buffers. A heap buffer goes through the channel as
 * the JDK would take it (the JDK copies it to a direct one first either way).
 */
final class EpollRegistration implements Registration {

    private static final int READS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITES = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final EpollPoller poller;
    private final SelectableChannel channel;
    private final int fd;
    private final int slot;
    private Selectable handler;
    private int interestOps;
    /** What the kernel watches the descriptor for now; 0 when it is not in the epoll set. */
    private int epollEvents;
    private boolean cancelled;

    EpollRegistration(EpollPoller poller, SelectableChannel channel, int fd, int slot, Selectable handler) {
        this.poller = poller;
        this.channel = channel;
        this.fd = fd;
        this.slot = slot;
        this.handler = handler;
    }

    Selectable handler() {
        return handler;
    }

    /**
     * What the handler is ready for, given the events the kernel reported: as the JDK's selector
     * reports it, an error or hang-up makes every operation of interest ready, so that the one
     * that tries it learns what happened.
     */
    int readyOps(int happened) {
        if ((happened & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
            return interestOps;
        }
        int ready = 0;
        if ((happened & Epoll.EPOLLIN) != 0) {
            ready |= interestOps & READS;
        }
        if ((happened & Epoll.EPOLLOUT) != 0) {
            ready |= interestOps & WRITES;
        }
        return ready;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public void interestOps(int ops) {
        // A closed channel's number may belong to another socket by now, in this very set: as the
        // JDK's key is cancelled by the channel's close, this registration is done with.
        if (cancelled || !channel.isOpen()) {
            throw new CancelledKeyException();
        }
        int wanted = ((ops & READS) != 0 ? Epoll.EPOLLIN : 0) | ((ops & WRITES) != 0 ? Epoll.EPOLLOUT : 0);
        if (wanted == epollEvents) {
            interestOps = ops;
            return;
        }
        // Out of the set rather than in it for nothing: the kernel reports errors and hang-ups
        // whatever a descriptor is watched for, and a paused connection would be woken for them
        // on every poll.
        int op = wanted == 0 ? Epoll.CTL_DEL : epollEvents == 0 ? Epoll.CTL_ADD : Epoll.CTL_MOD;
        int result = poller.control(op, fd, wanted, slot);
        if (result < 0) {
            throw new UncheckedIOException("epoll_ctl of " + channel + " failed", Epoll.failure(result));
        }
        interestOps = ops;
        epollEvents = wanted;
    }

    @Override
    public void attach(Selectable handler) {
        this.handler = handler;
    }

    @Override
    public boolean isValid() {
        return !cancelled && channel.isOpen();
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        // Before the channel closes, so that its number, reused, is not still in the set; once it
        // is closed the kernel has dropped it, and the number may be another socket's.
        if (epollEvents != 0 && channel.isOpen()) {
            poller.control(Epoll.CTL_DEL, fd, 0, slot);
        }
        epollEvents = 0;
        poller.release(slot);
    }

    @Override
    public void close() throws IOException {
        cancel();
        channel.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.isDirect()) {
            return socket().read(dst);
        }
        int position = dst.position();
        int length = dst.limit() - position;
        if (length == 0) {
            return 0;
        }
        ensureOpen();
        int n = Epoll.recv(fd, dst, position, length);
        if (n > 0) {
            dst.position(position + n);
            return n;
        }
        if (n == Epoll.END_OF_STREAM) {
            return -1;
        }
        if (n < 0) {
            throw Epoll.failure(n);
        }
        return 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            return socket().write(src);
        }
        int position = src.position();
        int length = src.limit() - position;
        if (length == 0) {
            return 0;
        }
        ensureOpen();
        int n = Epoll.send(fd, src, position, length);
        if (n < 0) {
            throw Epoll.failure(n);
        }
        src.position(position + n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (length > WriteQueue.MAX_GATHER || !allDirect(srcs, offset, length)) {
            return socket().write(srcs, offset, length);
        }
        ensureOpen();
        int[] spans = poller.spans();
        long total = 0;
        for (int i = 0; i < length; i++) {
            ByteBuffer src = srcs[offset + i];
            spans[2 * i] = src.position();
            spans[2 * i + 1] = src.remaining();
            total += src.remaining();
        }
        if (total == 0) {
            return 0;
        }
        long n = Epoll.sendv(fd, srcs, offset, spans, length);
        if (n < 0) {
            throw Epoll.failure((int) n);
        }
        long left = n;
        for (int i = 0; i < length && left > 0; i++) {
            ByteBuffer src = srcs[offset + i];
            int taken = (int) Math.min(left, src.remaining());
            src.position(src.position() + taken);
            left -= taken;
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Whether every buffer with bytes left is direct: an empty one is skipped, whatever it is. */
    private static boolean allDirect(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!srcs[i].isDirect() && srcs[i].hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    /** A closed channel's number may belong to another socket by now: never use it. */
    private void ensureOpen() throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private SocketChannel socket() {
        return (SocketChannel) channel;
    }
}
