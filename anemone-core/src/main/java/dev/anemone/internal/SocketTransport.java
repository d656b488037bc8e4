package dev.anemone.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * Moves bytes between a socket and a {@link TransportHandler}, and never looks at them.
 *
 * <p>Reads land in the loop's shared buffer. Writes go straight to the socket, header and payload
 * gathered in one call; only what the kernel would not take is copied into a queue, which exists
 * only while it is non-empty, so an idle connection holds no buffers. TLS will slot in as another
 * transport with the same surface.
 */
final class SocketTransport implements Selectable {

    /** An empty buffer, for a write with no header or no payload. */
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SocketAddress remoteAddress;
    private TransportHandler handler;
    private ArrayDeque<ByteBuffer> queue;
    /** Written on the loop thread only; read from any thread for {@code bufferedAmount}. */
    private volatile long queuedBytes;
    private boolean readPaused;
    private boolean closeAfterFlush;
    private boolean closed;

    /** Takes over a connected channel; {@code key} is its existing registration, or null to register now. */
    SocketTransport(EventLoop loop, SocketChannel channel, SelectionKey key, TransportHandler handler) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.remoteAddress = channel.getRemoteAddress();
        if (key == null) {
            this.key = loop.register(channel, SelectionKey.OP_READ, this);
        } else {
            this.key = key;
            key.attach(this);
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    EventLoop loop() {
        return loop;
    }

    SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Hands the byte stream to another handler, as when an HTTP connection becomes a WebSocket. */
    void setHandler(TransportHandler handler) {
        this.handler = handler;
    }

    /** Bytes accepted for writing that the kernel has not taken yet. */
    long queuedBytes() {
        return queuedBytes;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flushQueue();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed && !readPaused) {
            read();
        }
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            close(e);
            return;
        }
        if (n < 0) {
            handler.onEof();
        } else if (n > 0) {
            buffer.flip();
            loop.beginBatch(this);
            try {
                handler.onData(buffer);
                flushBatch();
            } finally {
                loop.endBatch();
            }
        }
    }

    /** Writes what was gathered during a read; what the kernel does not take is queued. */
    private void flushBatch() {
        ByteBuffer batch = loop.batchOf(this);
        if (batch == null || batch.position() == 0 || closed) {
            return;
        }
        batch.flip();
        if (queue == null) {
            try {
                channel.write(batch);
            } catch (IOException e) {
                close(e);
                return;
            }
        }
        enqueue(batch, EMPTY);
        batch.clear();
    }

    /** Writes {@code header} then {@code payload}; what the kernel does not take now is queued. Loop thread only. */
    void write(ByteBuffer header, ByteBuffer payload) {
        if (closed) {
            return;
        }
        ByteBuffer batch = loop.batchOf(this);
        if (batch != null && queue == null) {
            if (header.remaining() + payload.remaining() <= batch.remaining()) {
                batch.put(header).put(payload);
                return;
            }
            flushBatch();
            if (closed) {
                return;
            }
        }
        if (queue == null) {
            ByteBuffer[] gather = loop.gatherArray();
            gather[0] = header;
            gather[1] = payload;
            try {
                channel.write(gather);
            } catch (IOException e) {
                close(e);
                return;
            } finally {
                gather[0] = null;
                gather[1] = null;
            }
            if (!header.hasRemaining() && !payload.hasRemaining()) {
                return;
            }
        }
        enqueue(header, payload);
    }

    private void enqueue(ByteBuffer header, ByteBuffer payload) {
        int size = header.remaining() + payload.remaining();
        if (size == 0) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(size).put(header).put(payload).flip();
        if (queue == null) {
            queue = new ArrayDeque<>();
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        queue.add(copy);
        queuedBytes += size;
    }

    private void flushQueue() {
        while (queue != null && !queue.isEmpty()) {
            ByteBuffer head = queue.peek();
            try {
                int written = channel.write(head);
                queuedBytes -= written;
            } catch (IOException e) {
                close(e);
                return;
            }
            if (head.hasRemaining()) {
                return;
            }
            queue.poll();
        }
        queue = null;
        if (closed) {
            return;
        }
        key.interestOps(readPaused ? 0 : SelectionKey.OP_READ);
        if (closeAfterFlush) {
            close(null);
        } else {
            handler.onDrained();
        }
    }

    /** Stops reading, as while an asynchronous check of a handshake runs. */
    void pauseReading() {
        readPaused = true;
        if (!closed) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /** Reads again after {@link #pauseReading()}. */
    void resumeReading() {
        readPaused = false;
        if (!closed) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /** Closes once everything queued is written. */
    void closeAfterFlush() {
        flushBatch();
        if (closed) {
            return;
        }
        if (queue == null) {
            close(null);
        } else {
            closeAfterFlush = true;
        }
    }

    /** Closes now, dropping anything queued. */
    void close(IOException cause) {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // The socket is gone either way.
        }
        queue = null;
        queuedBytes = 0;
        handler.onClosed(cause);
    }

    @Override
    public void onLoopShutdown() {
        close(null);
    }
}
