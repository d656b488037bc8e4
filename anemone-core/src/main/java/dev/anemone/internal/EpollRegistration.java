package dev.anemone.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * A socket on an {@link EpollPoller}: its descriptor, its slot, and reads and writes by
 * {@code recv} and {@code send} from direct buffers. The socket is a JDK channel's, or a bare
 * descriptor that the registration owns ({@link AcceptedDescriptor}); either way its I/O is the
 * library's, and the channel only says whether it is open and closes it. A heap buffer's bytes
 * pass through the poller's direct scratch buffer, as the JDK would copy them through one of its
 * own.
 *
 * <p>Where the poller batches through io_uring, a read may find its bytes already read
 * ({@link ReadAhead}), and a small write is held back to the end of the round ({@link DeferredSends})
 * and counts as written, as bytes in the kernel's send buffer do. What the kernel does not take
 * of it is this registration's carry: it goes before any later byte, a shutdown or a close waits
 * for it, and a failure to send it is what the next write throws.
 */
final class EpollRegistration implements Registration {

    private static final int READS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITES = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    /** {@link #ahead} when no read was made ahead. */
    static final int NOTHING_AHEAD = Integer.MIN_VALUE;

    private final EpollPoller poller;
    /** The JDK's channel of the socket; null when the registration owns a bare descriptor. */
    private final SelectableChannel channel;
    private final int fd;
    /** The bare descriptor was closed: its number may be another socket's by now. */
    private boolean descriptorClosed;
    private final int slot;
    private Selectable handler;
    private int interestOps;
    /** What the kernel watches the descriptor for now; 0 when it is not in the epoll set. */
    private int epollEvents;
    private boolean cancelled;
    /** What the last batch read for this channel, in {@link #read}'s terms, or {@link #NOTHING_AHEAD}. */
    private int ahead = NOTHING_AHEAD;
    /** Where in the read-ahead arena the bytes {@link #ahead} counts begin. */
    private int aheadAt;
    /** Where in the held-back sends' arena this channel's bytes begin, and how many: 0 when none. */
    private int deferredAt;
    private int deferredLength;
    /** What batches left behind; null when nothing, as for almost every connection. */
    private Leftovers leftovers;

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

    int fd() {
        return fd;
    }

    int slot() {
        return slot;
    }

    /**
     * What the handler is ready for, given the events the kernel reported: as the JDK's selector
     * reports it, an error or hang-up makes every operation of interest ready, so that the one
     * that tries it learns what happened. A carry goes out first; until it has, the handler is
     * not told it may write.
     */
    int readyOps(int happened) {
        if (leftovers != null && leftovers.carry != null
                && (happened & (Epoll.EPOLLOUT | Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
            sendCarry();
            if (leftovers != null && leftovers.closeDeadline != 0) {
                if (leftovers.carry == null || (happened & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
                    closeNow();
                }
                return 0;
            }
        }
        if ((happened & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
            return interestOps;
        }
        int ready = 0;
        if ((happened & Epoll.EPOLLIN) != 0) {
            ready |= interestOps & READS;
        }
        if ((happened & Epoll.EPOLLOUT) != 0 && !carrying()) {
            ready |= interestOps & WRITES;
        }
        return ready;
    }

    @Override
    public void interestOps(int ops) {
        // A closed channel's number may belong to another socket by now, in this very set: as the
        // JDK's key is cancelled by the channel's close, this registration is done with.
        if (cancelled || !isOpen()) {
            throw new CancelledKeyException();
        }
        watch(ops);
        if ((ops & SelectionKey.OP_READ) != 0 && hasUnread()) {
            poller.readWaiting(this);
        }
    }

    /** Sets the interest, and what the kernel watches for: a carry needs to hear the socket is writable. */
    private void watch(int ops) {
        int wanted = ((ops & READS) != 0 ? Epoll.EPOLLIN : 0) | ((ops & WRITES) != 0 || carrying() ? Epoll.EPOLLOUT : 0);
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
            throw new UncheckedIOException("epoll_ctl of " + this + " failed", Epoll.failure(result));
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
        return !cancelled && isOpen();
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        sendHeldBack();
        cancelled = true;
        ahead = NOTHING_AHEAD;
        leftovers = null;
        // Before the channel closes, so that its number, reused, is not still in the set; once it
        // is closed the kernel has dropped it, and the number may be another socket's.
        if (epollEvents != 0 && isOpen()) {
            poller.control(Epoll.CTL_DEL, fd, 0, slot);
        }
        epollEvents = 0;
        poller.release(slot);
    }

    /**
     * Closes the channel, once what was held back for it is sent: as the kernel sends what its
     * send buffer holds after a close, a carry still goes out, for at most
     * {@link EpollPoller#CLOSE_LINGER_NANOS}, while the handler is told nothing more.
     */
    @Override
    public void close() throws IOException {
        if (!cancelled) {
            sendHeldBack();
        }
        if (carrying() && !cancelled && isOpen()) {
            sendCarry();
            if (carrying()) {
                leftovers.closeDeadline = Math.max(1, System.nanoTime() + EpollPoller.CLOSE_LINGER_NANOS);
                leftovers.unread = null;
                ahead = NOTHING_AHEAD;
                watch(0);
                poller.lingering(this);
                return;
            }
        }
        cancel();
        closeSocket();
    }

    /** Ends a close that waited for the carry: sent, failed, or given up on. */
    void closeNow() {
        cancel();
        try {
            closeSocket();
        } catch (IOException ignored) {
            // Closed either way.
        }
    }

    /** When a close waiting for the carry gives up on it; 0 when none waits. */
    long closeDeadline() {
        return leftovers == null ? 0 : leftovers.closeDeadline;
    }

    @Override
    public boolean isOpen() {
        return channel == null ? !descriptorClosed : channel.isOpen();
    }

    /** Closes the socket, after {@link #cancel}: the kernel drops a closed descriptor from the set. */
    private void closeSocket() throws IOException {
        if (channel != null) {
            channel.close();
        } else if (!descriptorClosed) {
            descriptorClosed = true;
            int result = Epoll.close(fd);
            if (result < 0) {
                throw Epoll.failure(result);
            }
        }
    }

    /** Shuts output down, once what was held back for it is sent. */
    @Override
    public void shutdownOutput() throws IOException {
        sendHeldBack();
        if (carrying()) {
            leftovers.shutdownWhenSent = true;
            return;
        }
        shutdownSocketOutput();
    }

    private void shutdownSocketOutput() throws IOException {
        ensureOpen();
        int result = Epoll.shutdownOutput(fd);
        if (result < 0) {
            throw Epoll.failure(result);
        }
    }

    // ------------------------------------------------------------ reading

    /** Whether a batch read for it and a poll should make its handler read even if the kernel says nothing. */
    boolean hasUnread() {
        return ahead != NOTHING_AHEAD || (leftovers != null && leftovers.unread != null);
    }

    /** Whether its handler reads and has bytes read ahead, or their end, to take. */
    boolean wantsUnreadRead() {
        return !cancelled && (interestOps & SelectionKey.OP_READ) != 0 && hasUnread();
    }

    /** Whether the next batch of reads should read for it: it wants to read and holds nothing read already. */
    boolean readsAhead() {
        return (interestOps & SelectionKey.OP_READ) != 0 && !hasUnread() && !cancelled && isOpen();
    }

    /** What a batch read for it: a count of bytes at {@code at} in the arena, 0, {@link Epoll#END_OF_STREAM} or {@code -errno}. */
    void readAhead(int at, int outcome) {
        aheadAt = at;
        ahead = outcome;
    }

    /**
     * Moves bytes read ahead that the handler did not take out of the arena, which the next
     * batch reuses, and answers whether the handler has something to read without the kernel's word.
     */
    boolean keepUnread() {
        if (ahead > 0) {
            ByteBuffer unread = ByteBuffer.allocate(ahead);
            unread.put(0, poller.readAheadArena(), aheadAt, ahead);
            leftovers().unread = unread;
            ahead = NOTHING_AHEAD;
        } else if (ahead == 0) {
            ahead = NOTHING_AHEAD;
        }
        return hasUnread();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (leftovers != null && leftovers.unread != null) {
            return readUnread(dst);
        }
        if (ahead != NOTHING_AHEAD) {
            return readAhead(dst);
        }
        ensureOpen();
        return dst.isDirect() ? recv(dst) : recvThroughScratch(dst);
    }

    /** One {@code recv} for a heap buffer, through the poller's scratch: as much as both have room for. */
    private int recvThroughScratch(ByteBuffer dst) throws IOException {
        ByteBuffer scratch = poller.scratch();
        int length = Math.min(dst.remaining(), scratch.capacity());
        if (length == 0) {
            return 0;
        }
        int n = Epoll.recv(fd, scratch, 0, length);
        if (n > 0) {
            take(dst, scratch, 0, n);
            return n;
        }
        return nothingRead(n);
    }

    private int readUnread(ByteBuffer dst) {
        ByteBuffer unread = leftovers.unread;
        int n = Math.min(unread.remaining(), dst.remaining());
        take(dst, unread, unread.position(), n);
        unread.position(unread.position() + n);
        if (!unread.hasRemaining()) {
            leftovers.unread = null;
            dropEmptyLeftovers();
        }
        return n;
    }

    private int readAhead(ByteBuffer dst) throws IOException {
        int outcome = ahead;
        ahead = NOTHING_AHEAD;
        if (outcome > 0) {
            int n = Math.min(outcome, dst.remaining());
            take(dst, poller.readAheadArena(), aheadAt, n);
            if (n < outcome) {
                ahead = outcome - n;
                aheadAt += n;
                return n;
            }
            // A full slot may not be all there was: read on, as one read without a batch would.
            if (outcome == ReadAhead.SLOT_SIZE && dst.isDirect() && dst.hasRemaining() && isOpen()) {
                int more = recv(dst);
                return more > 0 ? n + more : n;
            }
            return n;
        }
        return nothingRead(outcome);
    }

    /** One {@code recv} into a direct buffer; an end of stream or a failure is left for the next read to meet. */
    private int recv(ByteBuffer dst) throws IOException {
        int position = dst.position();
        int length = dst.limit() - position;
        if (length == 0) {
            return 0;
        }
        int n = Epoll.recv(fd, dst, position, length);
        if (n > 0) {
            dst.position(position + n);
            return n;
        }
        return nothingRead(n);
    }

    /** A {@code recv} that brought no bytes, in {@link #read}'s terms: -1 at the end of the stream, 0, or its failure thrown. */
    private static int nothingRead(int result) throws IOException {
        if (result == Epoll.END_OF_STREAM) {
            return -1;
        }
        if (result < 0) {
            throw Epoll.failure(result);
        }
        return 0;
    }

    /** Copies {@code n} bytes from {@code from} at {@code at} to {@code dst}'s position, and moves that past them. */
    private static void take(ByteBuffer dst, ByteBuffer from, int at, int n) {
        dst.put(dst.position(), from, at, n);
        dst.position(dst.position() + n);
    }

    // ------------------------------------------------------------ writing

    @Override
    public int write(ByteBuffer src) throws IOException {
        int length = src.remaining();
        if (length == 0) {
            return 0;
        }
        ensureOpen();
        if (!clearToWrite()) {
            return 0;
        }
        if (poller.defer(this, src)) {
            return length;
        }
        if (deferredLength > 0) {
            poller.sendDeferred();
            if (!clearToWrite()) {
                return 0;
            }
        }
        if (!src.isDirect()) {
            return sendThroughScratch(src);
        }
        int position = src.position();
        int n = Epoll.send(fd, src, position, length);
        if (n < 0) {
            throw Epoll.failure(n);
        }
        src.position(position + n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        ensureOpen();
        sendHeldBack();
        if (!clearToWrite()) {
            return 0;
        }
        if (length > WriteQueue.MAX_GATHER || !allDirect(srcs, offset, length)) {
            return sendThroughScratch(srcs, offset, length);
        }
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
        advance(srcs, offset, length, n);
        return n;
    }

    /** Moves the buffers' positions past the {@code n} bytes the kernel took of them, in order. */
    private static void advance(ByteBuffer[] srcs, int offset, int length, long n) {
        long left = n;
        for (int i = offset; i < offset + length && left > 0; i++) {
            int taken = (int) Math.min(left, srcs[i].remaining());
            srcs[i].position(srcs[i].position() + taken);
            left -= taken;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Where this channel's held-back bytes begin in the arena, and how many there are. */
    int deferredAt() {
        return deferredAt;
    }

    int deferredLength() {
        return deferredLength;
    }

    /** Records the channel's held-back bytes: {@code length} from {@code at} in the arena. */
    void deferred(int at, int length) {
        deferredAt = at;
        deferredLength = length;
    }

    /**
     * What the kernel took of the held-back bytes: all of them, some (the rest becomes the carry,
     * and the kernel is asked to say when the socket is writable), or {@code -errno}, which the
     * next write throws.
     */
    void sent(int result) {
        int at = deferredAt;
        int length = deferredLength;
        deferredLength = 0;
        if (result == length || cancelled || !isOpen()) {
            return;
        }
        if (result < 0) {
            leftovers().failure = Epoll.failure(result);
            return;
        }
        ByteBuffer carry = ByteBuffer.allocateDirect(length - result);
        carry.put(0, poller.deferredArena(), at + result, length - result);
        leftovers().carry = carry;
        watch(interestOps);
    }

    /** Sends what the round held back, this channel's among it, so that nothing written later overtakes it. */
    private void sendHeldBack() {
        if (deferredLength > 0) {
            poller.sendDeferred();
        }
    }

    private boolean carrying() {
        return leftovers != null && leftovers.carry != null;
    }

    /**
     * Whether a write may go to the kernel now: no carry is left, or it has just gone. A failure
     * of bytes held back is thrown, once.
     */
    private boolean clearToWrite() throws IOException {
        if (leftovers == null) {
            return true;
        }
        IOException failure = leftovers.failure;
        if (failure != null) {
            leftovers.failure = null;
            dropEmptyLeftovers();
            throw failure;
        }
        if (leftovers.carry != null) {
            sendCarry();
            if (carrying()) {
                return false;
            }
            // The carry went, or failed: a failure is thrown now.
            return clearToWrite();
        }
        return true;
    }

    /** Sends what it can of the carry; once it is gone, stops watching for writability unless asked to, and ends a waiting shutdown. */
    private void sendCarry() {
        ByteBuffer carry = leftovers.carry;
        if (!isOpen()) {
            return;
        }
        int n = Epoll.send(fd, carry, carry.position(), carry.remaining());
        if (n < 0) {
            leftovers.failure = Epoll.failure(n);
            leftovers.carry = null;
        } else {
            carry.position(carry.position() + n);
            if (carry.hasRemaining()) {
                return;
            }
            leftovers.carry = null;
        }
        if (leftovers.closeDeadline == 0) {
            watch(interestOps);
        }
        if (leftovers.shutdownWhenSent && leftovers.failure == null) {
            leftovers.shutdownWhenSent = false;
            try {
                shutdownSocketOutput();
            } catch (IOException e) {
                leftovers.failure = e;
            }
        }
    }

    private Leftovers leftovers() {
        if (leftovers == null) {
            leftovers = new Leftovers();
        }
        return leftovers;
    }

    private void dropEmptyLeftovers() {
        if (leftovers != null && leftovers.isEmpty()) {
            leftovers = null;
        }
    }

    /** One {@code send} of a heap buffer's bytes, as many as the poller's scratch holds, copied there. */
    private int sendThroughScratch(ByteBuffer src) throws IOException {
        int n = Math.min(src.remaining(), poller.scratch().capacity());
        poller.scratch().put(0, src, src.position(), n);
        int sent = sendScratch(n);
        src.position(src.position() + sent);
        return sent;
    }

    /**
     * One {@code send} of the buffers' bytes, as many as the poller's scratch holds, copied there
     * in order; each buffer's position moves past what the kernel took, as a gathering write's does.
     */
    private long sendThroughScratch(ByteBuffer[] srcs, int offset, int length) throws IOException {
        ByteBuffer scratch = poller.scratch();
        int filled = 0;
        for (int i = offset; i < offset + length && filled < scratch.capacity(); i++) {
            int n = Math.min(srcs[i].remaining(), scratch.capacity() - filled);
            scratch.put(filled, srcs[i], srcs[i].position(), n);
            filled += n;
        }
        int sent = filled == 0 ? 0 : sendScratch(filled);
        advance(srcs, offset, length, sent);
        return sent;
    }

    /** Sends the first {@code n} bytes of the poller's scratch; answers how many the kernel took. */
    private int sendScratch(int n) throws IOException {
        int sent = Epoll.send(fd, poller.scratch(), 0, n);
        if (sent < 0) {
            throw Epoll.failure(sent);
        }
        return sent;
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
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return channel != null ? channel.toString() : "socket " + fd;
    }
}
