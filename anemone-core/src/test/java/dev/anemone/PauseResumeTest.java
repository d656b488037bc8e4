package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Opcode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Receive flow control in the API (issue 9): {@code pause()} and {@code resume()} on a
 * {@link WebSocket}, backed by the transport's read interest. After {@code pause()}, from
 * {@code onOpen} or from another thread, nothing more is delivered, the server stops taking bytes
 * out of the kernel and the peer's writes stall once the kernel's buffers are full;
 * {@code resume()} delivers everything, in order; {@code isPaused()} says which. And the pattern
 * the issue asks for works: a relay that pauses a fast sender while its receiver's
 * {@code bufferedAmount} is above a high-water mark, and resumes it on the receiver's
 * {@code onDrain}, moves 1 GiB to a slow receiver intact and in order with the receiver's buffer
 * bounded by the mark and the heap flat, whether the two connections share an event loop or not;
 * across two loops it relies on {@code onDrain} following sends made from another thread, which
 * a test of its own proves.
 */
@Timeout(180)
class PauseResumeTest {

    /** How long a paused connection must deliver nothing; see {@link #assertNothingDelivered}. */
    private static final long QUIET_MILLIS = 300;
    private static final int FLOOD_SIZE = 64 * 1024;
    private static final int FLOOD_COUNT = 1024;   // 64 MiB: more than the kernel's buffers hold

    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Delivers every message as a line ("text 1", "binary 7"), and hands over the connection when it opens. */
    static class Deliveries implements WebSocketListener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        volatile boolean pausedInOnOpen;

        @Override
        public void onOpen(WebSocket socket) {
            if ("pause".equals(socket.uri().getQuery())) {
                socket.pause();
                pausedInOnOpen = socket.isPaused();
            }
            opened.complete(socket);
        }

        @Override
        public void onText(WebSocket socket, String text) {
            lines.add("text " + text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            int seq = data.getInt(data.position());
            lines.add(FloodWriter.isNumbered(data, seq, FLOOD_SIZE) ? "binary " + seq : "corrupt binary " + seq);
        }
    }

    private Deliveries startDeliveries() {
        Deliveries deliveries = new Deliveries();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/deliver", deliveries).start();
        return deliveries;
    }

    // ------------------------------------------------------------ (a) pause stops delivery and reading

    @Test
    void pausedInOnOpenDeliversNothingStallsThePeerAndResumeDeliversAllInOrder() throws Exception {
        Deliveries deliveries = startDeliveries();
        try (RawPeer peer = new RawPeer(server.port()).open("/deliver?pause")) {
            WebSocket socket = deliveries.opened.get(5, TimeUnit.SECONDS);
            assertThat(deliveries.pausedInOnOpen).as("isPaused() inside onOpen, right after pause()").isTrue();
            assertThat(socket.isPaused()).isTrue();
            assertPausedThenResumed(peer, socket, deliveries);
        }
    }

    @Test
    void pausedFromAnotherThreadDeliversNothingStallsThePeerAndResumeDeliversAllInOrder() throws Exception {
        Deliveries deliveries = startDeliveries();
        try (RawPeer peer = new RawPeer(server.port()).open("/deliver")) {
            WebSocket socket = deliveries.opened.get(5, TimeUnit.SECONDS);
            assertThat(socket.isPaused()).isFalse();
            peer.write(RawPeer.text("before"));
            assertThat(deliveries.lines.poll(5, TimeUnit.SECONDS)).isEqualTo("text before");

            socket.pause();
            assertThat(socket.isPaused()).as("isPaused() right after pause(), on the caller's thread").isTrue();
            // pause() is handed to the loop; a ping asked for after it is handed over behind it, so
            // once the peer has the ping, the loop has stopped reading.
            socket.ping("fence".getBytes(StandardCharsets.UTF_8));
            RawClient.Frame fence = peer.readFrame();
            assertThat(fence.opcode()).isEqualTo(Opcode.PING);
            assertPausedThenResumed(peer, socket, deliveries);
        }
    }

    /**
     * With reading paused: three messages and then a flood of 64 KiB ones are not delivered, the
     * flood stalls with every byte of it still in the kernel's buffers, and resume() delivers all
     * of them in order.
     */
    private void assertPausedThenResumed(RawPeer peer, WebSocket socket, Deliveries deliveries) throws Exception {
        byte[][] texts = {RawPeer.text("1"), RawPeer.text("2"), RawPeer.text("3")};
        peer.write(texts);
        assertNothingDelivered(deliveries);

        try (FloodWriter flood = new FloodWriter(peer.socket(), FLOOD_COUNT, seq -> FloodWriter.numberedBinary(seq, FLOOD_SIZE))) {
            assertThat(flood.awaitStall(500, 20_000)).as("the peer's writes stall while the connection is paused").isTrue();
            long written = flood.written();
            assertThat(written).as("stalled well before the end").isLessThan((long) FLOOD_COUNT * FLOOD_SIZE / 2);
            assertThat(deliveries.lines).as("nothing delivered while paused").isEmpty();
            assertThat(socket.isPaused()).isTrue();
            long sent = written + texts[0].length + texts[1].length + texts[2].length;
            Optional<Long> read = TcpQueues.readByServer(sent, peer.localPort(), server.port());
            read.ifPresent(bytes -> {
                System.out.printf("paused: the peer wrote %d bytes before stalling; the server read %d of them%n", sent, bytes);
                assertThat(bytes).as("bytes the server took out of the kernel while paused: none, to within one write")
                        .isBetween((long) -FloodWriter.PIECE, (long) FloodWriter.PIECE);
            });

            socket.resume();
            assertThat(socket.isPaused()).isFalse();
            for (String text : new String[] {"1", "2", "3"}) {
                assertThat(deliveries.lines.poll(5, TimeUnit.SECONDS)).isEqualTo("text " + text);
            }
            for (int seq = 0; seq < FLOOD_COUNT; seq++) {
                assertThat(deliveries.lines.poll(5, TimeUnit.SECONDS)).isEqualTo("binary " + seq);
            }
            assertThat(flood.awaitDone(10_000)).isEqualTo((long) FLOOD_COUNT * FloodWriter.numberedBinary(0, FLOOD_SIZE).length);
        }
        peer.write(RawPeer.text("after"));
        assertThat(deliveries.lines.poll(5, TimeUnit.SECONDS)).isEqualTo("text after");
    }

    /**
     * The one wait in these tests that must pass without an event: proving that something does
     * not happen takes a bounded wait. 300 ms is long for a loopback delivery (which takes well
     * under a millisecond) and keeps the test quick; the flood that follows proves the same
     * thing without a clock, as bytes left unread in the kernel.
     */
    private static void assertNothingDelivered(Deliveries deliveries) throws InterruptedException {
        assertThat(deliveries.lines.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)).as("delivered while paused").isNull();
    }

    // ------------------------------------------------------------ onDrain, for sends from another thread

    /**
     * What the relay on two loops relies on: a send from another thread counts in
     * {@code bufferedAmount} until its loop has written it, and when that loop has, onDrain
     * follows, even though the bytes went straight to the kernel and never queued. The loop is
     * held by another connection's listener meanwhile, so the bytes are certainly seen waiting.
     */
    @Test
    void onDrainFollowsASendFromAnotherThreadThatWasSeenBuffered() throws Exception {
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch releaseLoop = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        WebSocketListener target = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.complete(socket);
            }

            @Override
            public void onDrain(WebSocket socket) {
                drained.countDown();
            }
        };
        WebSocketListener holder = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                // Blocks the one event loop, on purpose, until the test has looked.
                loopHeld.countDown();
                try {
                    releaseLoop.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/target", target).endpoint("/hold", holder).start();
        try (RawPeer peer = new RawPeer(server.port()).open("/target");
             RawPeer blocker = new RawPeer(server.port()).open("/hold")) {
            WebSocket socket = opened.get(5, TimeUnit.SECONDS);
            blocker.write(RawPeer.text("hold"));
            assertThat(loopHeld.await(5, TimeUnit.SECONDS)).isTrue();
            try {
                assertThat(socket.send(new byte[1000])).isTrue();
                assertThat(socket.bufferedAmount()).as("handed over to the held loop").isEqualTo(1000);
            } finally {
                releaseLoop.countDown();
            }
            RawClient.Frame frame = peer.readFrame();
            assertThat(frame.payload()).hasSize(1000);
            assertThat(drained.await(5, TimeUnit.SECONDS)).as("onDrain once the loop has written it").isTrue();
            assertThat(socket.bufferedAmount()).isZero();
        }
    }

    // ------------------------------------------------------------ (b) a relay of 1 GiB

    private static final int MESSAGE = 64 * 1024;
    private static final long TOTAL = 1L << 30;
    private static final int COUNT = (int) (TOTAL / MESSAGE);
    /** The relay pauses the sender while the receiver has more than this buffered. */
    private static final long HIGH_WATER = 4L * 1024 * 1024;
    /** The receiver stops reading every this many messages (64 MiB) until the relay has paused the sender. */
    private static final int STOP_EVERY = 1024;
    /**
     * The most the heap may grow, after a full GC, over its size before the relay. What the relay
     * legitimately holds is about 5 MiB (the receiver's queue up to the high-water mark and one
     * message, the loop's read and batch buffers, the test's own frame buffers); the rest is the
     * JVM's own churn between samples (JIT, JUnit, class loading), a few MiB at most. A relay
     * without flow control would hold hundreds of MiB here (see the send limit below).
     */
    private static final long HEAP_MARGIN = 64L * 1024 * 1024;

    /**
     * Pairs two connections: "?receiver" first, then "?sender". Each message from the sender is
     * sent on to the receiver; when the receiver's {@code bufferedAmount} passes the high-water
     * mark the sender is paused, and the receiver's {@code onDrain} resumes it.
     *
     * <p>On one event loop this is all, as in Node. On two, the receiver's buffer drains on its
     * own loop's thread, possibly between the relay's look at {@code bufferedAmount} and its
     * {@code pause()}, so that {@code onDrain} finds nothing to resume: the relay looks again
     * once it has paused. A flag taken with compare-and-set makes each pause answered by exactly
     * one resume, whichever thread gets there.
     */
    static final class Relay implements WebSocketListener {
        final CompletableFuture<WebSocket> receiver = new CompletableFuture<>();
        final CompletableFuture<WebSocket> sender = new CompletableFuture<>();
        final AtomicLong mostBuffered = new AtomicLong();
        final AtomicLong relayedBytes = new AtomicLong();
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        /** The event loop threads of the two connections. */
        final Set<String> loopThreads = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean senderPaused = new AtomicBoolean();
        private final Object monitor = new Object();

        @Override
        public void onOpen(WebSocket socket) {
            loopThreads.add(Thread.currentThread().getName());
            if ("receiver".equals(socket.uri().getQuery())) {
                receiver.complete(socket);
            } else {
                sender.complete(socket);
            }
        }

        @Override
        public void onBinary(WebSocket from, ByteBuffer data) {
            WebSocket to = receiver.getNow(null);
            int size = data.remaining();
            // Counted before the send: on two loops the receiver may have it all, and the test
            // check this count, before the send returns.
            relayedBytes.addAndGet(size);
            if (!to.send(data)) {
                relayedBytes.addAndGet(-size);
                refused.incrementAndGet();
                return;
            }
            long buffered = to.bufferedAmount();
            mostBuffered.accumulateAndGet(buffered, Math::max);
            if (buffered > HIGH_WATER && !senderPaused.get()) {
                from.pause();
                senderPaused.set(true);
                pauses.incrementAndGet();
                signal();
                if (to.bufferedAmount() <= HIGH_WATER) {
                    resume(from);
                }
            }
        }

        @Override
        public void onDrain(WebSocket socket) {
            WebSocket from = sender.getNow(null);
            if (socket == receiver.getNow(null) && from != null) {
                resume(from);
            }
        }

        private void resume(WebSocket from) {
            if (senderPaused.compareAndSet(true, false)) {
                from.resume();
                resumes.incrementAndGet();
                signal();
            }
        }

        private void signal() {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }

        /** The relay's state, for a failure message. */
        String state() {
            WebSocket from = sender.getNow(null);
            WebSocket to = receiver.getNow(null);
            return "sender paused: " + (from != null && from.isPaused()) + ", receiver's bufferedAmount: "
                    + (to == null ? "-" : to.bufferedAmount()) + ", paused " + pauses.get() + " times, resumed "
                    + resumes.get() + " times, relayed " + relayedBytes.get() + " bytes";
        }

        /** Waits until the sender has been resumed as often as it was paused (true), or {@code millis} pass (false). */
        boolean awaitResumed(long millis) throws InterruptedException {
            return await(() -> resumes.get() == pauses.get(), millis);
        }

        /** Waits until the sender is paused (true), or {@code millis} pass (false). */
        boolean awaitSenderPaused(long millis) throws InterruptedException {
            WebSocket from = sender.getNow(null);
            return await(from::isPaused, millis);
        }

        private boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            synchronized (monitor) {
                while (!condition.getAsBoolean()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
                return true;
            }
        }
    }

    /**
     * On one event loop the two connections share a thread, as in Node; on two, the receiver's
     * buffer drains on another thread than the one that pauses the sender.
     */
    @ParameterizedTest(name = "on {0} event loop(s)")
    @ValueSource(ints = {1, 2})
    void relayPausesAFastSenderForASlowReceiverAndMovesOneGibibyteWithAFlatHeap(int loops) throws Exception {
        Relay relay = new Relay();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(loops)
                .endpoint("/relay", relay)
                // Far above the high-water mark, so that only the relay's own flow control keeps
                // the receiver's buffer (and the heap) small, not the server's send limit.
                .maxBufferedBytes(512L * 1024 * 1024, BackpressurePolicy.CLOSE)
                // 1 GiB over loopback may pass the default 256 MiB a second.
                .maxBytesPerSecond(0)
                .start();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = heapAfterGc(memory);

        byte[] pattern = new byte[MESSAGE - 8];
        new Random(6455).nextBytes(pattern);
        try (RawPeer receiverPeer = new RawPeer(server.port(), 64 * 1024, 10_000).open("/relay?receiver");
             RawPeer senderPeer = new RawPeer(server.port(), 0, 10_000)) {
            relay.receiver.get(5, TimeUnit.SECONDS);
            senderPeer.open("/relay?sender");
            relay.sender.get(5, TimeUnit.SECONDS);
            assertThat(relay.loopThreads).as("the loops the two connections live on").hasSize(loops);

            long started = System.nanoTime();
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> sendAll(senderPeer, pattern),
                    runnable -> {
                        Thread thread = new Thread(runnable, "relay-sender");
                        thread.setDaemon(true);
                        thread.start();
                    });

            // The slow receiver: reads in small pieces and, every 64 MiB, stops until the relay
            // has paused the sender, measuring the heap there, where the relay holds the most.
            DataInputStream in = new DataInputStream(receiverPeer.socket().getInputStream());
            byte[] payload = new byte[MESSAGE];
            CRC32 crc = new CRC32();
            long received = 0;
            long mostHeap = 0;
            int stops = 0;
            for (int seq = 0; seq < COUNT; seq++) {
                if (seq > 0 && seq % STOP_EVERY == 0) {
                    assertThat(relay.awaitSenderPaused(20_000))
                            .as("the relay paused the sender while the receiver stopped reading, at message %d", seq).isTrue();
                    stops++;
                    mostHeap = Math.max(mostHeap, heapAfterGc(memory) - baseline);
                }
                try {
                    int length = readBinaryHeader(in);
                    assertThat(length).as("length of message %d", seq).isEqualTo(MESSAGE);
                    readInPieces(in, payload, 8 * 1024);
                } catch (SocketTimeoutException stuck) {
                    throw new AssertionError("the relay stopped at message " + seq + ": " + relay.state(), stuck);
                }
                long number = ByteBuffer.wrap(payload).getLong(0);
                if (number != seq) {
                    throw new AssertionError("message " + number + " arrived in place " + seq);
                }
                crc.update(payload, 0, MESSAGE);
                received += MESSAGE;
            }
            long elapsedNanos = System.nanoTime() - started;
            long expectedCrc = sent.get(30, TimeUnit.SECONDS);
            mostHeap = Math.max(mostHeap, heapAfterGc(memory) - baseline);

            System.out.printf("relay on %d loop(s): %d bytes in %.1f s (%.0f MiB/s); heap after GC at most %.1f MiB over the baseline of %.1f MiB; "
                            + "receiver's bufferedAmount at most %d (high-water mark %d); sender paused %d times, resumed %d times; "
                            + "receiver stopped %d times%n",
                    loops, received, elapsedNanos / 1e9, received / 1048576.0 / (elapsedNanos / 1e9), mostHeap / 1048576.0,
                    baseline / 1048576.0, relay.mostBuffered.get(), HIGH_WATER, relay.pauses.get(), relay.resumes.get(), stops);

            assertThat(received).isEqualTo(TOTAL);
            assertThat(crc.getValue()).as("CRC-32 of every payload byte, in order").isEqualTo(expectedCrc);
            assertThat(relay.refused.get()).as("messages the receiver's connection refused").isZero();
            assertThat(relay.relayedBytes.get()).isEqualTo(TOTAL);
            assertThat(relay.pauses.get()).as("the sender was paused at least at every stop of the receiver")
                    .isGreaterThanOrEqualTo(stops);
            assertThat(relay.awaitResumed(5_000)).as("and resumed as often (paused %d times, resumed %d)",
                    relay.pauses.get(), relay.resumes.get()).isTrue();
            // The relay looks after each message, so the receiver's buffer passes the mark by at
            // most the message that crossed it (and its 10-byte header). On two loops a look
            // taken while the receiver's loop moves a message from the hand-over into its queue
            // may count that one twice, never zero times.
            long frame = MESSAGE + 10;
            assertThat(relay.mostBuffered.get()).as("the receiver's bufferedAmount: the mark and one message")
                    .isLessThanOrEqualTo(HIGH_WATER + (loops == 1 ? frame : 2 * frame));
            assertThat(mostHeap).as("heap growth after GC during the relay").isLessThan(HEAP_MARGIN);
        }
    }

    /** Writes every message as fast as the kernel takes it; returns the CRC-32 of all the payloads. */
    private static long sendAll(RawPeer peer, byte[] pattern) {
        int maskKey = 0x5EED1234;
        // One frame reused for every message: its fixed part masked once, its number masked per message.
        ByteBuffer frame = ByteBuffer.allocate(2 + 8 + 4 + MESSAGE);
        frame.put((byte) 0x82).put((byte) (0x80 | 127)).putLong(MESSAGE).putInt(maskKey);
        int payloadAt = frame.position();
        frame.put(new byte[8]).put(RawPeer.mask(pattern, maskKey, 8));
        byte[] wire = frame.array();
        CRC32 crc = new CRC32();
        try {
            OutputStream out = peer.socket().getOutputStream();
            byte[] number = new byte[8];
            for (int seq = 0; seq < COUNT; seq++) {
                ByteBuffer.wrap(number).putLong(seq);
                System.arraycopy(RawPeer.mask(number, maskKey, 0), 0, wire, payloadAt, 8);
                out.write(wire);
                crc.update(number);
                crc.update(pattern);
            }
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("the sender could not write", e);
        }
        return crc.getValue();
    }

    /** Reads an unmasked binary frame's header; returns its payload length. */
    private static int readBinaryHeader(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if (first != 0x82 || (second & 0x80) != 0) {
            throw new AssertionError(String.format("expected an unmasked, unfragmented binary frame, got 0x%02x 0x%02x", first, second));
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return (int) length;
    }

    /** Fills {@code into} with reads of at most {@code piece} bytes each: a receiver slower than the sender. */
    private static void readInPieces(InputStream in, byte[] into, int piece) throws IOException {
        for (int at = 0; at < into.length; ) {
            int n = in.read(into, at, Math.min(piece, into.length - at));
            if (n < 0) {
                throw new AssertionError("the relay closed the receiver after " + at + " bytes of a message");
            }
            at += n;
        }
    }

    /** The heap in use after a full collection. */
    private static long heapAfterGc(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
