package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poller's io_uring batches on real sockets: reads made ahead for several ready sockets,
 * bytes a handler left, and held-back sends the kernel would not take all of.
 */
class EpollBatchingTest {

    private EpollPoller poller;

    @BeforeEach
    void ioUringIsHere() throws Exception {
        Path disabled = Path.of("/proc/sys/kernel/io_uring_disabled");
        assertThat(!Files.exists(disabled) || Files.readString(disabled).trim().equals("0"))
                .as("this machine's kernel allows io_uring, as CI's does").isTrue();
    }

    @Test
    void socketsReadyTogetherAreReadInOneBatchEachIntoItsOwnHandler() throws Exception {
        poller = new EpollPoller();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(poller.batches()).isTrue();
            List<SocketChannel> clients = new ArrayList<>();
            Map<Selectable, String> received = new HashMap<>();
            Map<Selectable, Registration> registrations = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                clients.add(SocketChannel.open(listener.getLocalAddress()));
                SocketChannel accepted = listener.accept();
                accepted.configureBlocking(false);
                Selectable handler = new Quiet();
                registrations.put(handler, poller.register(accepted, SelectionKey.OP_READ, handler));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).write(ByteBuffer.wrap(("message " + i).getBytes()));
            }
            // 40 ready at once: two batches of reads (ReadAhead.SLOTS is 32).
            while (received.size() < clients.size()) {
                poller.poll(5_000, (handler, ops) -> {
                    ByteBuffer into = ByteBuffer.allocateDirect(64 * 1024);
                    try {
                        int n = registrations.get(handler).read(into);
                        if (n > 0) {
                            received.merge(handler, new String(bytes(into.flip())), String::concat);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
            assertThat(received.values()).containsExactlyInAnyOrderElementsOf(
                    clients.stream().map(c -> "message " + clients.indexOf(c)).toList());
            for (SocketChannel client : clients) {
                client.close();
            }
        } finally {
            poller.close();
        }
    }

    @Test
    void bytesReadAheadThatAHandlerLeftReachItAtTheNextPoll() throws Exception {
        poller = new EpollPoller();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel first = SocketChannel.open(listener.getLocalAddress());
             SocketChannel firstAccepted = listener.accept();
             SocketChannel second = SocketChannel.open(listener.getLocalAddress());
             SocketChannel secondAccepted = listener.accept()) {
            firstAccepted.configureBlocking(false);
            secondAccepted.configureBlocking(false);
            Quiet idle = new Quiet();
            Quiet reader = new Quiet();
            Registration left = poller.register(firstAccepted, SelectionKey.OP_READ, idle);
            poller.register(secondAccepted, SelectionKey.OP_READ, reader);
            first.write(ByteBuffer.wrap("left for later".getBytes()));
            second.write(ByteBuffer.wrap("read now".getBytes()));

            // Both are read ahead in one batch; the first handler does not read this time.
            poller.poll(5_000, (handler, ops) -> { });
            // The kernel has nothing more to say of it: only the poller knows its bytes wait.
            long start = System.nanoTime();
            ByteBuffer into = ByteBuffer.allocateDirect(64);
            poller.poll(5_000, (handler, ops) -> {
                if (handler == idle) {
                    try {
                        left.read(into);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
            assertThat(new String(bytes(into.flip()))).isEqualTo("left for later");
        } finally {
            poller.close();
        }
    }

    @Test
    void aHeldBackSendTheKernelRefusedPartlyGoesFirstAndAClosedConnectionStillDeliversIt() throws Exception {
        poller = new EpollPoller();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            SocketChannel client = SocketChannel.open();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            client.connect(listener.getLocalAddress());
            SocketChannel accepted = listener.accept();
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            accepted.configureBlocking(false);
            Registration registration = poller.register(accepted, SelectionKey.OP_READ, new Quiet());

            // Small writes, held back and counted as written, until the kernel is full and a carry is left.
            int written = 0;
            ByteBuffer chunk = ByteBuffer.allocateDirect(1000);
            for (int round = 0; round < 10_000; round++) {
                chunk.clear();
                for (int i = 0; i < chunk.capacity(); i++) {
                    chunk.put((byte) (written + i));
                }
                chunk.flip();
                int n = registration.write(chunk);
                written += n;
                if (n == 0) {
                    break;
                }
                poller.sendDeferred();
            }
            assertThat(written).as("the kernel filled up").isLessThan(10_000 * 1000);
            registration.close();
            assertThat(accepted.isOpen()).as("the close waits for the carry").isTrue();

            InputStream in = client.socket().getInputStream();
            CompletableFuture<byte[]> all = CompletableFuture.supplyAsync(() -> {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    return out.toByteArray();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!all.isDone() && System.nanoTime() < deadline) {
                poller.poll(100, (handler, ops) -> { });
            }
            byte[] received = all.get(1, TimeUnit.SECONDS);
            assertThat(received).hasSize(written);
            for (int i = 0; i < received.length; i++) {
                assertThat(received[i]).as("byte %d", i).isEqualTo((byte) i);
            }
            assertThat(accepted.isOpen()).isFalse();
            client.close();
        } finally {
            poller.close();
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static final class Quiet implements Selectable {
        @Override
        public void onReady(int readyOps) {
        }

        @Override
        public void onLoopShutdown() {
        }
    }
}
