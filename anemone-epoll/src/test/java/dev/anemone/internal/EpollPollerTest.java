package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.IoBackend;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The native library itself, on real sockets: loading, waking, readiness, recv and send. */
class EpollPollerTest {

    @Test
    void theLibraryLoadsFromTheModulesJar() {
        assertThat(Epoll.unavailableReason()).isNull();
        assertThat(Epoll.isAvailable()).isTrue();
    }

    @Test
    void aLoopWaitsOnEpollWhenAskedTo() throws Exception {
        EventLoop loop = new EventLoop("epoll-test");
        try {
            assertThat(System.getProperty(IoBackend.PROPERTY)).isEqualTo("epoll");
            assertThat(loop.ioBackend()).isEqualTo(IoBackend.EPOLL);
        } finally {
            loop.shutdown();
            loop.awaitTermination(5_000);
        }
    }

    @Test
    void aTaskFromAnotherThreadWakesAPollWithoutTimeout() throws Exception {
        EventLoop loop = new EventLoop("epoll-wakeup");
        try {
            for (int i = 0; i < 1_000; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                loop.execute(ran::countDown);
                assertThat(ran.await(5, TimeUnit.SECONDS)).as("task %d", i).isTrue();
            }
        } finally {
            loop.shutdown();
            loop.awaitTermination(5_000);
        }
    }

    /**
     * A channel closed behind its registration's back frees its number, and the next socket may
     * get it: the stale registration must then never touch the epoll set, or it would take the
     * new socket out of it.
     */
    @Test
    void aRegistrationWhoseChannelClosedLeavesTheNumbersNextOwnerAlone() throws Exception {
        EpollPoller poller = new EpollPoller();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            SocketChannel firstClient = SocketChannel.open(listener.getLocalAddress());
            SocketChannel first = listener.accept();
            first.configureBlocking(false);
            int firstFd = Epoll.descriptor(first);
            Registration stale = poller.register(first, SelectionKey.OP_READ, new Recorder());
            first.close();
            firstClient.close();

            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel second = listener.accept()) {
                second.configureBlocking(false);
                assertThat(Epoll.descriptor(second)).as("the kernel reuses the lowest free number").isEqualTo(firstFd);
                Recorder recorder = new Recorder();
                poller.register(second, SelectionKey.OP_READ, recorder);

                assertThat(stale.isValid()).isFalse();
                assertThatThrownBy(() -> stale.interestOps(0)).isInstanceOf(CancelledKeyException.class);
                stale.cancel();

                client.write(ByteBuffer.wrap(new byte[] {1}));
                poller.poll(5_000, (h, ops) -> h.onReady(ops));
                assertThat(recorder.readyOps).as("the number's new owner is still watched").isEqualTo(SelectionKey.OP_READ);
            }
        } finally {
            poller.close();
        }
    }

    private static final class Recorder implements Selectable {
        Integer readyOps;

        @Override
        public void onReady(int readyOps) {
            this.readyOps = readyOps;
        }

        @Override
        public void onLoopShutdown() {
        }
    }

    @Test
    void readinessAndIoGoThroughTheDescriptorsSlot() throws Exception {
        EpollPoller poller = new EpollPoller();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            accepted.configureBlocking(false);
            AtomicReference<Integer> seen = new AtomicReference<>();
            Selectable handler = new Selectable() {
                @Override
                public void onReady(int readyOps) {
                    seen.set(readyOps);
                }

                @Override
                public void onLoopShutdown() {
                }
            };
            Registration registration = poller.register(accepted, SelectionKey.OP_READ, handler);
            poller.poll(0, (h, ops) -> h.onReady(ops));
            assertThat(seen.get()).as("nothing sent yet").isNull();

            client.write(ByteBuffer.wrap("hello".getBytes()));
            poller.poll(5_000, (h, ops) -> h.onReady(ops));
            assertThat(seen.get()).isEqualTo(SelectionKey.OP_READ);

            ByteBuffer into = ByteBuffer.allocateDirect(64);
            assertThat(registration.read(into)).isEqualTo(5);
            assertThat(into.flip().limit()).isEqualTo(5);
            assertThat(registration.read(ByteBuffer.allocateDirect(64))).as("nothing more waits").isZero();

            ByteBuffer header = ByteBuffer.allocateDirect(2).put((byte) 'o').put((byte) 'k').flip();
            ByteBuffer empty = ByteBuffer.allocate(0);
            ByteBuffer body = ByteBuffer.allocateDirect(1).put((byte) '!').flip();
            assertThat(registration.write(new ByteBuffer[] {header, empty, body}, 0, 3)).isEqualTo(3);
            assertThat(header.hasRemaining() || body.hasRemaining()).isFalse();
            ByteBuffer answer = ByteBuffer.allocate(3);
            while (answer.hasRemaining()) {
                client.read(answer);
            }
            assertThat(new String(answer.array())).isEqualTo("ok!");

            client.close();
            seen.set(null);
            poller.poll(5_000, (h, ops) -> h.onReady(ops));
            assertThat(seen.get()).isEqualTo(SelectionKey.OP_READ);
            assertThat(registration.read(ByteBuffer.allocateDirect(64))).as("end of stream").isEqualTo(-1);
            registration.close();
            assertThat(poller.handlers()).isEmpty();
        } finally {
            poller.close();
        }
    }
}
