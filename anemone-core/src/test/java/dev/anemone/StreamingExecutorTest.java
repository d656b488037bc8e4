package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Masking;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link StreamingListener} on an executor: parts run on the pool, one at a time and in order,
 * and while the handler is blocked the backlog pauses reading. A raw peer streams one binary frame
 * of 96 MiB while the handler sits blocked in the first part: the peer can write only what the
 * kernel's buffers hold before it stalls, and the server has read no more than
 * {@code maxPendingMessages} + 1 parts (the one blocked included; a little slack is allowed). The
 * bytes the server read are what the peer wrote less what Linux reports queued in the two sockets
 * ({@code /proc/net/tcp} or {@code tcp6}); elsewhere that count is skipped.
 */
@Timeout(60)
class StreamingExecutorTest {

    private static final int MAX_PENDING = 4;
    private static final long SIZE = 96L << 20;
    private static final int MASK_KEY = 0x2F6B19A7;

    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2,
            task -> new Thread(task, "parts-pool-" + threadNumber.incrementAndGet()));
    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }

    @Test
    void partsRunInOrderOnThePoolAndABlockedHandlerPausesReading() throws Exception {
        PartDigest received = new PartDigest();
        List<Long> partStarts = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .executor(pool)
                .maxPendingMessages(MAX_PENDING)
                .maxMessageSize(SIZE)
                .endpoint("/slow", new StreamingListener() {
                    @Override
                    public void onBinaryPart(WebSocket socket, ByteBuffer data, boolean last) {
                        if (running.incrementAndGet() > 1) {
                            overlapped.set(true);
                        }
                        threads.add(Thread.currentThread().getName());
                        partStarts.add(received.bytes());
                        if (received.add(data, last) == 1) {
                            blocked.countDown();
                            try {
                                release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        running.decrementAndGet();
                    }
                })
                .start();

        PartDigest.Payload payload = new PartDigest.Payload(21, false);
        try (SocketChannel peer = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            handshake(peer);
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127)).putLong(SIZE)
                    .putInt(MASK_KEY).flip();
            while (header.hasRemaining()) {
                peer.write(header);
            }
            // Non-blocking, to see the stall: no room in the send buffer for half a second,
            // after a write the kernel refused, means the server stopped reading. (A bounded wait
            // for something not to happen; a server that kept reading would let the peer write
            // on, past what any kernel buffers, and fail below.)
            peer.configureBlocking(false);
            byte[] chunk = new byte[PartDigest.PART];
            ByteBuffer pending = ByteBuffer.allocate(0);
            long written = 0;
            try (Selector selector = Selector.open()) {
                peer.register(selector, SelectionKey.OP_WRITE);
                while (written < SIZE) {
                    if (!pending.hasRemaining()) {
                        pending = nextMasked(payload, chunk, written);
                    }
                    int n = peer.write(pending);
                    written += n;
                    if (n == 0) {
                        selector.selectedKeys().clear();
                        if (selector.select(500) == 0) {
                            break;
                        }
                    }
                }
            }
            assertThat(blocked.await(5, TimeUnit.SECONDS)).as("the handler got the first part").isTrue();
            long writtenAtStall = written;
            assertThat(writtenAtStall).as("bytes the peer could write while the handler was blocked").isLessThan(SIZE);
            long queuedInKernel = kernelQueued(peer);

            release.countDown();
            peer.configureBlocking(true);
            while (written < SIZE) {
                if (!pending.hasRemaining()) {
                    pending = nextMasked(payload, chunk, written);
                }
                written += peer.write(pending);
            }
            assertThat(received.done.await(30, TimeUnit.SECONDS)).as("the last part arrived").isTrue();
            assertThat(received.bytes()).isEqualTo(SIZE);
            assertThat(received.digest()).as("SHA-256 of the parts, in order").isEqualTo(payload.digest());
            assertThat(received.lastFlags()).isEqualTo(1);
            assertThat(threads).as("threads the parts ran on").allMatch(name -> name.startsWith("parts-pool-"));
            assertThat(overlapped).as("two parts handled at once").isFalse();

            if (queuedInKernel >= 0) {
                long readByServer = writtenAtStall - queuedInKernel;
                long partsRead = partStarts.stream().filter(start -> start < readByServer).count();
                System.out.printf("executor backlog: peer stalled after %d KiB, %d KiB queued in the kernel, "
                        + "%d parts read by the server%n", writtenAtStall >> 10, queuedInKernel >> 10, partsRead);
                assertThat(partsRead).as("parts the server read while the handler was blocked")
                        .isBetween(1L, (long) MAX_PENDING + 2);
            }
        }
    }

    /** The next chunk of the payload, masked for payload offset {@code offset}. */
    private static ByteBuffer nextMasked(PartDigest.Payload payload, byte[] chunk, long offset) {
        payload.next(chunk);
        ByteBuffer masked = ByteBuffer.wrap(chunk.clone());
        Masking.maskInPlace(masked, 0, masked.limit(), MASK_KEY, offset);
        return masked;
    }

    private static void handshake(SocketChannel peer) throws IOException {
        ByteBuffer request = StandardCharsets.ISO_8859_1.encode("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        while (request.hasRemaining()) {
            peer.write(request);
        }
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (peer.read(one) < 0) {
                throw new AssertionError("closed during the handshake: " + head);
            }
            head.append((char) one.get(0));
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
    }

    /**
     * Bytes the kernel holds between the peer and the server: the peer socket's send queue and
     * the server socket's receive queue, from Linux's {@code /proc/net/tcp} (or {@code tcp6}, where
     * the JDK's dual-stack sockets are listed); -1 where there is neither.
     */
    private static long kernelQueued(SocketChannel peer) throws IOException {
        int peerPort = ((InetSocketAddress) peer.getLocalAddress()).getPort();
        int serverPort = ((InetSocketAddress) peer.getRemoteAddress()).getPort();
        long queued = 0;
        int sockets = 0;
        boolean anyTable = false;
        for (String name : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path table = Path.of(name);
            if (!Files.isReadable(table)) {
                continue;
            }
            anyTable = true;
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                int local = port(fields[1]);
                int remote = port(fields[2]);
                if ((local == peerPort && remote == serverPort) || (local == serverPort && remote == peerPort)) {
                    String[] queues = fields[4].split(":");
                    queued += Long.parseLong(queues[0], 16) + Long.parseLong(queues[1], 16);
                    sockets++;
                }
            }
        }
        if (!anyTable) {
            System.out.println("no /proc/net/tcp: the count of parts read is skipped");
            return -1;
        }
        assertThat(sockets).as("both ends of the connection in /proc/net/tcp*").isEqualTo(2);
        return queued;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
