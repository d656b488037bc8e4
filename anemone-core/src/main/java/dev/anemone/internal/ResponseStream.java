package dev.anemone.internal;

import dev.anemone.HttpStream;
import dev.anemone.protocol.ChunkedEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of a streamed answer. Writes from any thread are framed (as a chunk, when chunked) and
 * copied on the writer's thread, then written on the loop in the order they were made: a write on
 * the loop thread goes at once only when nothing handed over from another thread is still waiting.
 */
final class ResponseStream implements HttpStream {

    private static final Log LOG = Log.of(ResponseStream.class);

    private final ServerExchange exchange;
    private final ServerConnection connection;
    private final boolean chunked;
    /** The declared length, or -1 when not declared. */
    private final long contentLength;
    /** Writes are accepted and dropped: the answer to HEAD, or a status without a body. */
    private final boolean bodyless;
    private final boolean closeAfter;
    /** Bytes accepted by {@link #write}, counted against a declared length. */
    private final AtomicLong accepted = new AtomicLong();
    /** Bytes handed to the loop that it has not written yet. */
    private final AtomicLong handedOver = new AtomicLong();
    /** Tasks handed to the loop that it has not run yet. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean ended;
    private volatile boolean closed;
    /** A write would have passed the buffer limit: the connection is being closed. */
    private volatile boolean overflowed;
    /** Body bytes written, loop thread only. */
    private long sent;
    /** Loop thread only. */
    private List<CompletableFuture<Void>> drainWaiters;

    ResponseStream(ServerExchange exchange, ServerConnection connection, boolean chunked, long contentLength,
                   boolean bodyless, boolean closeAfter) {
        this.exchange = exchange;
        this.connection = connection;
        this.chunked = chunked;
        this.contentLength = contentLength;
        this.bodyless = bodyless;
        this.closeAfter = closeAfter;
    }

    @Override
    public boolean write(ByteBuffer data) {
        int length = data.remaining();
        if (contentLength >= 0 && !bodyless && accepted.addAndGet(length) > contentLength) {
            accepted.addAndGet(-length);
            throw new IllegalStateException("more than the declared Content-Length of " + contentLength + " bytes");
        }
        if (!isOpen()) {
            return false;
        }
        if (length == 0 || bodyless) {
            return true;
        }
        ByteBuffer framed = chunked ? ChunkedEncoder.chunk(data) : ByteBuffer.allocate(length).put(data.duplicate()).flip();
        long buffered = bufferedAmount() + framed.remaining();
        if (buffered > connection.maxBufferedBytes()) {
            // Checked here, on the writer's thread, so that a fast writer cannot outrun the loop.
            overflowed = true;
            execute(0, () -> {
                LOG.debug("closing " + connection + ": a streamed answer would hold " + buffered
                        + " bytes the client has not read");
                connection.drop();
            });
            return false;
        }
        execute(framed.remaining(), () -> writeOnLoop(framed, length));
        return true;
    }

    @Override
    public boolean write(String text) {
        return write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeOnLoop(ByteBuffer framed, int length) {
        if (closed) {
            return;
        }
        sent += length;
        connection.transport().write(SocketTransport.EMPTY, framed, true);
    }

    @Override
    public long bufferedAmount() {
        return handedOver.get() + connection.transport().queuedBytes();
    }

    @Override
    public CompletableFuture<Void> drained() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        execute(0, () -> {
            if (drainWaiters == null) {
                drainWaiters = new ArrayList<>(1);
            }
            drainWaiters.add(drained);
            drained(closed || connection.transport().queuedBytes() == 0);
        });
        return drained;
    }

    /** Completes the waiters for a drain if {@code now}. Loop thread. */
    void drained(boolean now) {
        if (!now || drainWaiters == null) {
            return;
        }
        List<CompletableFuture<Void>> waiters = drainWaiters;
        drainWaiters = null;
        for (CompletableFuture<Void> waiter : waiters) {
            // Dependent actions run here, on the loop: they are the application's.
            Callbacks.call("a drained() action", true, () -> waiter.complete(null));
        }
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        execute(0, this::endOnLoop);
    }

    private void endOnLoop() {
        if (closed) {
            return;
        }
        if (!bodyless && chunked) {
            connection.transport().write(SocketTransport.EMPTY, ChunkedEncoder.lastChunk(), true);
        }
        if (!bodyless && contentLength >= 0 && sent < contentLength) {
            LOG.debug("cutting off " + connection + ": a streamed answer ended " + (contentLength - sent)
                    + " bytes short of its Content-Length");
            connection.cutOff();
            return;
        }
        closed = true;
        drained(true);
        exchange.finish(!closeAfter);
    }

    @Override
    public void abort() {
        execute(0, () -> {
            if (!closed) {
                connection.cutOff();
            }
        });
    }

    @Override
    public boolean isOpen() {
        return !ended && !closed && !overflowed && exchange.isOpen();
    }

    /** The connection is gone, or the exchange over. Loop thread. */
    void closed() {
        closed = true;
        drained(true);
    }

    /**
     * Runs {@code task} on the loop after everything handed over before it: at once when called
     * on the loop with nothing waiting, else queued, with {@code bytes} counted as buffered meanwhile.
     */
    void execute(long bytes, Runnable task) {
        EventLoop loop = connection.loop();
        if (loop.inLoop() && waiting.get() == 0) {
            task.run();
            return;
        }
        waiting.incrementAndGet();
        handedOver.addAndGet(bytes);
        loop.submit(() -> {
            handedOver.addAndGet(-bytes);
            waiting.decrementAndGet();
            task.run();
        });
    }

    @Override
    public String toString() {
        return "the answer streamed on " + connection;
    }
}
