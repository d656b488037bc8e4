package dev.anemone.internal;

import static dev.anemone.internal.WriteQueueTest.assertSameBytes;
import static dev.anemone.internal.WriteQueueTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket transport over a real connection on 127.0.0.1: the transport on one end, on a real
 * {@link EventLoop}; on the other a blocking channel the test reads and writes ("the peer").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketTransportTest {

    private static final long WAIT_SECONDS = 10;
    /** Small socket buffers, so that a peer that does not read makes the transport queue soon. */
    private static final int SMALL_BUFFER = 4096;
    /** Far more than the kernel holds with {@link #SMALL_BUFFER}s on both ends. */
    private static final int MORE_THAN_THE_KERNEL_HOLDS = 1 << 20;

    private final EventLoop loop = new EventLoop("socket-transport-test");
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        toClose.add(server);
    }

    @AfterEach
    void cleanUp() throws Exception {
        loop.shutdown();
        loop.awaitTermination(5_000);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    // ------------------------------------------------------------ writing

    @Test
    void writesArriveInOrder() throws Exception {
        Connection c = connect(0, 0);
        byte[] small1 = pattern(10, 1);
        byte[] big = pattern(EventLoop.WRITE_BATCH_SIZE + 1000, 2);   // more than the batch holds
        byte[] small2 = pattern(20, 3);
        byte[] header = pattern(2, 4);
        byte[] later = pattern(3000, 5);
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap(small1), SocketTransport.EMPTY, true);
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(big), true);
            c.transport.write(ByteBuffer.wrap(small2), SocketTransport.EMPTY, true);
            return null;
        });
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap(header), ByteBuffer.wrap(later), true);
            return null;
        });
        byte[] expected = concat(small1, big, small2, header, later);
        assertSameBytes(c.peerReads(expected.length), expected);
    }

    @Test
    void smallWritesInOneLoopTaskLeaveTogether() throws Exception {
        Connection c = connect(0, 0);
        int frames = 100;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] inKernelDuringTask = new int[1];
        int gathered = onLoop(() -> {
            for (int i = 0; i < frames; i++) {
                byte[] frame = pattern(10, i);
                expected.write(frame);
                c.transport.write(ByteBuffer.wrap(frame, 0, 2), ByteBuffer.wrap(frame, 2, 8), true);
            }
            inKernelDuringTask[0] = c.peerIn.available();
            ByteBuffer batch = loop.batchOf(c.transport);
            return batch == null ? -1 : batch.position();
        });
        assertThat(gathered).as("bytes gathered in the loop's batch").isEqualTo(frames * 10);
        assertThat(inKernelDuringTask[0]).as("bytes the peer could read before the task ended").isZero();

        // One system call: the peer's first read gets all of it.
        byte[] buffer = new byte[64 * 1024];
        int n = c.peerIn.read(buffer);
        assertThat(n).isEqualTo(frames * 10);
        assertSameBytes(Arrays.copyOf(buffer, n), expected.toByteArray());
    }

    @Test
    void writesMadeWhileHandlingAReadLeaveWhenTheReadIsHandled() throws Exception {
        Connection c = connect(0, 0);
        // An echo that answers in three small writes: they go out together, after onData returns.
        c.handler.onData = data -> {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            c.transport.write(ByteBuffer.wrap("<".getBytes(StandardCharsets.US_ASCII)), SocketTransport.EMPTY, true);
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(bytes), true);
            c.transport.write(ByteBuffer.wrap(">".getBytes(StandardCharsets.US_ASCII)), SocketTransport.EMPTY, true);
            c.handler.batchedDuringRead.set(loop.batchOf(c.transport) != null);
        };
        c.peerWrites("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(c.peerReads(7), StandardCharsets.US_ASCII)).isEqualTo("<hello>");
        assertThat(c.handler.batchedDuringRead.get()).isTrue();
    }

    @Test
    void writesFromTwoTransportsOnOneLoopEachKeepTheirOrder() throws Exception {
        Connection a = connect(0, 0);
        Connection b = connect(0, 0);
        byte[] a1 = pattern(100, 1);
        byte[] b1 = pattern(200, 2);
        byte[] a2 = pattern(300, 3);
        List<Object> states = onLoop(() -> {
            List<Object> seen = new ArrayList<>();
            a.transport.write(ByteBuffer.wrap(a1), SocketTransport.EMPTY, true);
            seen.add(loop.batchOf(a.transport) != null);
            // b claims the batch: what a gathered goes to the kernel first.
            b.transport.write(ByteBuffer.wrap(b1), SocketTransport.EMPTY, true);
            seen.add(loop.batchOf(a.transport) == null && a.transport.queuedBytes() == 0);
            seen.add(loop.batchOf(b.transport) != null);
            a.transport.write(ByteBuffer.wrap(a2), SocketTransport.EMPTY, true);
            seen.add(loop.batchOf(b.transport) == null && b.transport.queuedBytes() == 0);
            return seen;
        });
        assertThat(states).containsExactly(true, true, true, true);
        assertSameBytes(a.peerReads(a1.length + a2.length), concat(a1, a2));
        assertSameBytes(b.peerReads(b1.length), b1);
    }

    @Test
    void whenThePeerDoesNotReadWritesAreQueuedThenDrainInOrder() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long queued = onLoop(() -> {
            for (int i = 0; i < 100 && c.transport.queuedBytes() == 0; i++) {
                byte[] chunk = pattern(EventLoop.WRITE_BATCH_SIZE + 1, i);
                expected.write(chunk);
                c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(chunk), true);
            }
            return c.transport.queuedBytes();
        });
        assertThat(queued).as("bytes queued once the kernel is full").isPositive();

        byte[] more = pattern(10_000, 99);
        byte[] small = pattern(10, 100);
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap(more, 0, 2), ByteBuffer.wrap(more, 2, more.length - 2), true);
            c.transport.write(ByteBuffer.wrap(small), SocketTransport.EMPTY, true);
            return null;
        });
        expected.write(more);
        expected.write(small);
        assertThat(c.transport.queuedBytes()).as("queuedBytes, read off the loop")
                .isEqualTo(queued + more.length + small.length);
        assertThat(c.handler.drained.availablePermits()).isZero();

        assertSameBytes(c.peerReads(expected.size()), expected.toByteArray());
        assertThat(c.handler.drained.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("onDrained").isTrue();
        assertThat(c.transport.queuedBytes()).isZero();

        // Drained, the transport writes straight through again.
        byte[] after = pattern(50, 101);
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap(after), SocketTransport.EMPTY, true);
            return null;
        });
        assertSameBytes(c.peerReads(after.length), after);
        assertThat(c.handler.offLoop).hasValue(0);
    }

    @Test
    void aControlFrameWrittenAheadPassesQueuedDataAtAFrameBoundary() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        byte[] firstPart = pattern(MORE_THAN_THE_KERNEL_HOLDS, 'a');   // a frame's beginning...
        byte[] lastPart = pattern(8192, 'b');                          // ...and its end
        byte[] nextFrame = pattern(8192, 'c');
        byte[] ping = {(byte) 0x89, 4, 'P', 'I', 'N', 'G'};
        byte[] pong = {(byte) 0x8A, 4, 'P', 'O', 'N', 'G'};
        byte[] lastFrame = pattern(8192, 'd');
        long queued = onLoop(() -> {
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(firstPart), false);
            long before = c.transport.queuedBytes();
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(lastPart), true);
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(nextFrame), true);
            c.transport.writeAhead(ByteBuffer.wrap(ping, 0, 2), ByteBuffer.wrap(ping, 2, 4));
            c.transport.writeAhead(ByteBuffer.wrap(pong, 0, 2), ByteBuffer.wrap(pong, 2, 4));
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(lastFrame), true);
            return before;
        });
        assertThat(queued).as("part of the first frame queued (the peer is not reading)").isPositive();

        byte[] expected = concat(firstPart, lastPart, ping, pong, nextFrame, lastFrame);
        assertSameBytes(c.peerReads(expected.length), expected);
        assertThat(c.handler.drained.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aControlFrameWrittenAheadWithNothingQueuedGoesInOrder() throws Exception {
        Connection c = connect(0, 0);
        byte[] data = pattern(100, 1);
        byte[] pong = {(byte) 0x8A, 0};
        byte[] more = pattern(100, 2);
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap(data), SocketTransport.EMPTY, true);
            c.transport.writeAhead(ByteBuffer.wrap(pong), SocketTransport.EMPTY);
            c.transport.write(ByteBuffer.wrap(more), SocketTransport.EMPTY, true);
            return null;
        });
        assertSameBytes(c.peerReads(202), concat(data, pong, more));
    }

    // ------------------------------------------------------------ reading

    @Test
    void bytesFromThePeerReachOnData() throws Exception {
        Connection c = connect(0, 0);
        byte[] sent = pattern(100_000, 7);
        c.peerWrites(sent);
        assertSameBytes(c.handler.received(sent.length), sent);
        assertThat(c.handler.offLoop).hasValue(0);
    }

    @Test
    void pausedReadingDeliversNothingUntilResumed() throws Exception {
        Connection c = connect(0, 0);
        onLoop(() -> {
            c.transport.pauseReading();
            return null;
        });
        c.peerWrites("while paused".getBytes(StandardCharsets.US_ASCII));
        // Proving that nothing happens takes a wait: 200 ms is far longer than the loop takes
        // to hand bytes that arrived to onData (microseconds), and short enough to cost little.
        assertThat(c.handler.data.poll(200, TimeUnit.MILLISECONDS)).as("data delivered while paused").isNull();

        onLoop(() -> {
            c.transport.resumeReading();
            return null;
        });
        assertThat(new String(c.handler.received(12), StandardCharsets.US_ASCII)).isEqualTo("while paused");
    }

    @Test
    void thePeersEndOfStreamIsReported() throws Exception {
        Connection c = connect(0, 0);
        c.peer.shutdownOutput();
        assertThat(c.handler.eof.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // The recording handler closes on end of stream, as the real ones do.
        assertThat(c.handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(c.handler.closeCause.get()).isNull();
    }

    // ------------------------------------------------------------ closing

    @Test
    void shutdownOutputSendsWhatIsQueuedThenEndOfStreamWhileReadingGoesOn() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        byte[] data = pattern(MORE_THAN_THE_KERNEL_HOLDS, 1);
        long queued = onLoop(() -> {
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
            long before = c.transport.queuedBytes();
            c.transport.shutdownOutput();
            // Nothing may follow: ignored.
            c.transport.write(ByteBuffer.wrap(new byte[] {'x'}), SocketTransport.EMPTY, true);
            c.transport.writeAhead(ByteBuffer.wrap(new byte[] {(byte) 0x8A, 0}), SocketTransport.EMPTY);
            return before;
        });
        assertThat(queued).isPositive();

        assertSameBytes(c.peerReads(data.length), data);
        assertThat(c.peerIn.read()).as("end of stream after the queued data").isEqualTo(-1);

        // Half-closed: what the peer sends still arrives.
        c.peerWrites("after".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(c.handler.received(5), StandardCharsets.US_ASCII)).isEqualTo("after");
        assertThat(c.transport.isClosed()).isFalse();
        assertThat(c.handler.closed.getCount()).isEqualTo(1);
    }

    @Test
    void shutdownOutputWithNothingQueuedFirstSendsWhatTheBatchGathered() throws Exception {
        Connection c = connect(0, 0);
        onLoop(() -> {
            c.transport.write(ByteBuffer.wrap("last words".getBytes(StandardCharsets.US_ASCII)), SocketTransport.EMPTY, true);
            c.transport.shutdownOutput();
            return null;
        });
        assertThat(new String(c.peerReads(10), StandardCharsets.US_ASCII)).isEqualTo("last words");
        assertThat(c.peerIn.read()).isEqualTo(-1);
    }

    @Test
    void closeAfterFlushSendsEverythingThenClosesWithoutWaitingForThePeer() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        byte[] data = pattern(MORE_THAN_THE_KERNEL_HOLDS, 5);
        long queued = onLoop(() -> {
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
            long before = c.transport.queuedBytes();
            c.transport.closeAfterFlush();
            return before;
        });
        assertThat(queued).isPositive();
        assertThat(c.transport.isClosed()).as("not before the queue is written").isFalse();

        assertSameBytes(c.peerReads(data.length), data);
        assertThat(c.peerIn.read()).as("end of stream after the queued data").isEqualTo(-1);
        // The peer has not closed its side: the transport closed on its own once the queue drained.
        assertThat(c.handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onClosed").isTrue();
        assertThat(c.handler.closeCause.get()).isNull();
        assertThat(c.transport.isClosed()).isTrue();
    }

    @Test
    void closeLingeringSendsEverythingDiscardsInputAndClosesWhenThePeerDoes() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        byte[] data = pattern(MORE_THAN_THE_KERNEL_HOLDS, 2);
        long queued = onLoop(() -> {
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
            long before = c.transport.queuedBytes();
            c.transport.closeLingering();
            return before;
        });
        assertThat(queued).isPositive();

        // Input after the close began is read and thrown away, never reported.
        c.peerWrites(pattern(50_000, 3));
        assertSameBytes(c.peerReads(data.length), data);
        assertThat(c.peerIn.read()).as("end of stream after the queued data").isEqualTo(-1);
        assertThat(c.transport.isClosed()).as("still waiting for the peer to close").isFalse();

        c.peer.close();
        assertThat(c.handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onClosed").isTrue();
        assertThat(c.handler.closeCause.get()).isNull();
        assertThat(c.handler.data).as("input reported while closing").isEmpty();
        assertThat(c.handler.eof.getCount()).as("end of stream is the expected end here, not news").isEqualTo(1);
        assertThat(c.transport.isClosed()).isTrue();
    }

    @Test
    void closeReportsOnceAndLaterWritesAreIgnored() throws Exception {
        Connection c = connect(SMALL_BUFFER, SMALL_BUFFER);
        byte[] data = pattern(MORE_THAN_THE_KERNEL_HOLDS, 4);
        List<Object> states = onLoop(() -> {
            c.transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
            long before = c.transport.queuedBytes();
            c.transport.close(null);
            c.transport.close(null);
            c.transport.close(new IOException("a second close"));
            c.transport.write(ByteBuffer.wrap(new byte[] {'x'}), SocketTransport.EMPTY, true);
            c.transport.writeAhead(ByteBuffer.wrap(new byte[] {'y'}), SocketTransport.EMPTY);
            c.transport.shutdownOutput();
            c.transport.closeAfterFlush();
            c.transport.pauseReading();
            c.transport.resumeReading();
            return List.of(before, c.transport.queuedBytes(), c.transport.isClosed());
        });
        assertThat(states).containsExactly(states.get(0), 0L, true);
        assertThat((Long) states.get(0)).isPositive();
        assertThat(c.handler.closed.getCount()).isZero();
        assertThat(c.handler.closeCalls).hasValue(1);
        assertThat(c.handler.closeCause.get()).isNull();

        // The peer gets what the kernel had taken, a prefix of the data, then end of stream.
        byte[] got = c.peerReadsToEnd();
        assertThat(got.length).isLessThan(data.length);
        assertSameBytes(got, Arrays.copyOf(data, got.length));
        assertThat(c.handler.closeCalls).hasValue(1);
    }

    @Test
    void anIoErrorClosesWithItsCause() throws Exception {
        Connection c = connect(0, 0);
        // A reset from the peer: the next read fails.
        c.peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        c.peer.close();
        assertThat(c.handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(c.handler.closeCause.get()).isInstanceOf(IOException.class);
        assertThat(c.transport.isClosed()).isTrue();
        assertThat(c.handler.closeCalls).hasValue(1);
    }

    @Test
    void theLoopsShutdownClosesTheTransport() throws Exception {
        Connection c = connect(0, 0);
        loop.shutdown();
        assertThat(c.handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(c.handler.closeCause.get()).isNull();
        assertThat(c.peerIn.read()).isEqualTo(-1);
    }

    // ------------------------------------------------------------ the connection and its peer

    /** A handler that records what the transport tells it, and closes on end of stream as the real ones do. */
    private final class Recorder implements TransportHandler {
        SocketTransport transport;
        final BlockingQueue<byte[]> data = new LinkedBlockingQueue<>();
        final CountDownLatch eof = new CountDownLatch(1);
        final Semaphore drained = new Semaphore(0);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closeCalls = new AtomicInteger();
        final AtomicReference<IOException> closeCause = new AtomicReference<>();
        final AtomicInteger offLoop = new AtomicInteger();
        final AtomicReference<Boolean> batchedDuringRead = new AtomicReference<>();
        volatile Consumer<ByteBuffer> onData;

        @Override
        public void onData(ByteBuffer buffer) {
            checkThread();
            if (onData != null) {
                onData.accept(buffer);
                return;
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            data.add(copy);
        }

        @Override
        public void onEof() {
            checkThread();
            eof.countDown();
            transport.close(null);
        }

        @Override
        public void onDrained() {
            checkThread();
            drained.release();
        }

        @Override
        public void onClosed(IOException cause) {
            checkThread();
            closeCalls.incrementAndGet();
            closeCause.set(cause);
            closed.countDown();
        }

        private void checkThread() {
            if (!loop.inLoop()) {
                offLoop.incrementAndGet();
            }
        }

        /** Waits for exactly {@code n} bytes through onData. */
        byte[] received(int n) throws InterruptedException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (all.size() < n) {
                byte[] chunk = data.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (chunk == null) {
                    fail("onData delivered " + all.size() + " of " + n + " bytes");
                }
                all.writeBytes(chunk);
            }
            assertThat(all.size()).isEqualTo(n);
            return all.toByteArray();
        }
    }

    /** A transport on the loop and the peer's end of its connection. */
    private final class Connection {
        SocketTransport transport;
        final Recorder handler = new Recorder();
        SocketChannel peer;
        InputStream peerIn;

        void peerWrites(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                peer.write(buffer);
            }
        }

        /** Reads exactly {@code n} bytes; fails on end of stream or after a silence of {@link #WAIT_SECONDS}. */
        byte[] peerReads(int n) throws IOException {
            byte[] bytes = new byte[n];
            int at = 0;
            while (at < n) {
                int got = peerIn.read(bytes, at, n - at);
                if (got < 0) {
                    fail("end of stream after " + at + " of " + n + " bytes");
                }
                at += got;
            }
            return bytes;
        }

        byte[] peerReadsToEnd() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = peerIn.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
            return all.toByteArray();
        }
    }

    /**
     * Connects a peer and puts a transport on the accepted end; a buffer size of 0 leaves the
     * kernel's default. The peer's receive buffer is set before connecting, so the window is small
     * from the start.
     */
    private Connection connect(int peerReceiveBuffer, int transportSendBuffer) throws Exception {
        Connection c = new Connection();
        c.peer = SocketChannel.open();
        toClose.add(c.peer);
        if (peerReceiveBuffer > 0) {
            c.peer.setOption(StandardSocketOptions.SO_RCVBUF, peerReceiveBuffer);
        }
        c.peer.connect(server.getLocalAddress());
        c.peer.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        c.peerIn = c.peer.socket().getInputStream();
        SocketChannel accepted = server.accept();
        toClose.add(accepted);
        accepted.configureBlocking(false);
        if (transportSendBuffer > 0) {
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, transportSendBuffer);
        }
        // A transport is made on its loop's thread.
        c.transport = onLoop(() -> new SocketTransport(loop, loop.register(accepted, 0, null),
                (InetSocketAddress) accepted.getRemoteAddress(), c.handler));
        c.handler.transport = c.transport;
        assertThat(c.transport.remoteAddress()).isEqualTo(c.peer.getLocalAddress());
        assertThat(c.transport.loop()).isSameAs(loop);
        return c;
    }

    /** Runs {@code code} on the loop and waits for its result. */
    private <T> T onLoop(Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(code.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** {@code size} bytes that tell one write from another and show where bytes went missing or out of order. */
    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + (i >>> 8));
        }
        return b;
    }
}
