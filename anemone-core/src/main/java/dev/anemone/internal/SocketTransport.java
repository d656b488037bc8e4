package dev.anemone.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * A {@link Transport} over a non-blocking socket channel.
 *
 * <p>Reads land in the loop's shared buffer. Small writes made on the loop thread are gathered in
 * the loop's write batch and leave in one system call when the loop finishes what it is doing
 * (handling a read, running handed-over tasks, a timer); larger ones go straight to the socket,
 * header and payload in one gathering write. Only what the kernel would not take is copied into a
 * {@link WriteQueue}, which exists only while it holds bytes, so an idle connection holds no
 * buffers.
 */
final class SocketTransport implements Transport, Selectable, BatchOwner {

    /** An empty buffer, for a write with no header or no payload. */
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final EventLoop loop;
    /** The registration, which also reads and writes the channel: one field less per connection. */
    private final Registration io;
    private final InetSocketAddress remoteAddress;
    private TransportHandler handler;
    /** What the kernel would not take yet, or null; read from any thread for {@code queuedBytes}. */
    private volatile WriteQueue queue;
    private boolean readPaused;
    /** Output is to be shut down once everything queued is written. */
    private boolean shutdownRequested;
    private boolean outputShut;
    /** Closing gracefully: input is read and thrown away until the peer closes. */
    private boolean lingering;
    /** Close as soon as the queue is written. */
    private boolean closeWhenFlushed;
    private boolean closed;
    /** It carries TLS records: reads land in the loop's heap buffer for records ({@link TlsBuffers}). */
    private final boolean carriesRecords;

    /** Takes over a connected socket, registered with {@code loop} as {@code registration}, and starts reading. */
    SocketTransport(EventLoop loop, Registration registration, InetSocketAddress remoteAddress, TransportHandler handler) {
        this(loop, registration, remoteAddress, handler, false);
    }

    /**
     * Takes over a connected socket, for TLS records when {@code carriesRecords}: what a read
     * brings is decrypted, and the JDK's ciphers read a heap buffer faster than the loop's
     * direct one.
     */
    SocketTransport(EventLoop loop, Registration registration, InetSocketAddress remoteAddress, TransportHandler handler,
                    boolean carriesRecords) {
        this.loop = loop;
        this.handler = handler;
        this.carriesRecords = carriesRecords;
        this.remoteAddress = remoteAddress;
        this.io = registration;
        registration.attach(this);
        registration.interestOps(SelectionKey.OP_READ);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void setHandler(TransportHandler handler) {
        this.handler = handler;
    }

    @Override
    public long queuedBytes() {
        WriteQueue backlog = queue;
        return backlog == null ? 0 : backlog.publishedBytes();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flushQueue();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed && (!readPaused || lingering)) {
            read();
        }
    }

    private void read() {
        ByteBuffer buffer = carriesRecords ? loop.tlsBuffers().records() : loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = io.read(buffer);
        } catch (IOException e) {
            close(e);
            return;
        }
        if (n > 0) {
            loop.counters().bytesIn(n);
        }
        if (n < 0) {
            if (lingering) {
                close(null);
            } else {
                handler.onEof();
            }
        } else if (n > 0 && !lingering) {
            buffer.flip();
            handler.onData(buffer);
        }
    }

    // ------------------------------------------------------------ writing

    @Override
    public void write(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
        if (closed || shutdownRequested) {
            return;
        }
        if (queue == null) {
            int size = header.remaining() + payload.remaining();
            ByteBuffer batch = loop.claimBatch(this);
            if (size <= batch.remaining()) {
                batch.put(header).put(payload);
                loop.batchEndsFrame(endsFrame);
                return;
            }
            flushBatch();
            if (closed) {
                return;
            }
        }
        writeOrQueue(header, payload, endsFrame);
    }

    /**
     * Writes {@code data} after everything written before without passing through the loop's
     * write batch: for a layer above whose own bytes are what the batch gathered (TLS sends its
     * records as it flushes its batch). What the kernel does not take is queued.
     */
    void writeUnbatched(ByteBuffer data) {
        if (closed || shutdownRequested) {
            return;
        }
        flushBatch();
        if (!closed) {
            writeOrQueue(data, EMPTY, true);
        }
    }

    /** Writes now when nothing is queued, and queues what the kernel did not take. */
    private void writeOrQueue(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
        if (queue == null) {
            writeNow(header, payload);
            if (closed || (!header.hasRemaining() && !payload.hasRemaining())) {
                return;
            }
        }
        enqueue(header, payload, endsFrame);
    }

    @Override
    public void writeAhead(ByteBuffer header, ByteBuffer payload) {
        if (queue == null || closed || shutdownRequested) {
            write(header, payload, true);
            return;
        }
        queue.addAhead(header, payload);
        queue.publishSize();
    }

    /** One gathering write of header and payload, straight to the socket. */
    private void writeNow(ByteBuffer header, ByteBuffer payload) {
        ByteBuffer[] gather = loop.gatherArray();
        gather[0] = header;
        gather[1] = payload;
        try {
            loop.counters().bytesOut(io.write(gather, 0, 2));
        } catch (IOException e) {
            close(e);
        } finally {
            gather[0] = null;
            gather[1] = null;
        }
    }

    /**
     * Writes what this transport gathered in the loop's batch, and gives the batch back; what the
     * kernel does not take is queued. The loop calls it when it is done with a piece of work.
     */
    @Override
    public void flushBatch() {
        ByteBuffer batch = loop.batchOf(this);
        if (batch == null) {
            return;
        }
        boolean endsFrame = loop.batchEndsFrame();
        if (batch.position() > 0 && !closed) {
            batch.flip();
            if (queue == null) {
                try {
                    loop.counters().bytesOut(io.write(batch));
                } catch (IOException e) {
                    close(e);
                    return;
                }
            }
            enqueue(batch, EMPTY, endsFrame);
        }
        loop.releaseBatch(this);
    }

    private void enqueue(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
        if (!header.hasRemaining() && !payload.hasRemaining()) {
            return;
        }
        if (queue == null) {
            queue = new WriteQueue();
            updateInterest();
        }
        queue.add(header, payload, endsFrame);
        queue.publishSize();
    }

    private void flushQueue() {
        while (queue != null && !queue.isEmpty()) {
            long written;
            try {
                written = queue.flushTo(io, loop.gatherArray());
            } catch (IOException e) {
                close(e);
                return;
            }
            loop.counters().bytesOut(written);
            queue.publishSize();
            if (written == 0) {
                return;
            }
        }
        if (closed) {
            return;
        }
        queue = null;
        updateInterest();
        if (closeWhenFlushed) {
            close(null);
            return;
        }
        if (shutdownRequested) {
            shutOutputNow();
        }
        if (!closed) {
            handler.onDrained();
        }
    }

    // ------------------------------------------------------------ reading and closing

    @Override
    public void pauseReading() {
        readPaused = true;
        updateInterest();
    }

    @Override
    public void resumeReading() {
        readPaused = false;
        updateInterest();
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = readPaused && !lingering ? 0 : SelectionKey.OP_READ;
        if (queue != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        io.interestOps(ops);
    }

    @Override
    public void shutdownOutput() {
        if (closed || shutdownRequested) {
            return;
        }
        flushBatch();
        shutdownRequested = true;
        if (!closed && queue == null) {
            shutOutputNow();
        }
    }

    private void shutOutputNow() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        try {
            io.shutdownOutput();
        } catch (IOException e) {
            close(e);
        }
    }

    @Override
    public void closeAfterFlush() {
        if (closed) {
            return;
        }
        flushBatch();
        if (closed) {
            return;
        }
        if (queue == null) {
            close(null);
        } else {
            closeWhenFlushed = true;
        }
    }

    @Override
    public void closeLingering() {
        if (closed || lingering) {
            return;
        }
        lingering = true;
        updateInterest();
        shutdownOutput();
    }

    @Override
    public void close(IOException cause) {
        if (closed) {
            return;
        }
        closed = true;
        loop.releaseBatch(this);
        try {
            io.close();
        } catch (IOException ignored) {
            // The socket is gone either way.
        }
        queue = null;
        handler.onClosed(cause);
    }

    /** The connection's name in the log: a short id and the peer's address. */
    @Override
    public String toString() {
        return "connection " + ConnectionName.of(this);
    }

    @Override
    public void onLoopShutdown() {
        close(null);
    }
}
