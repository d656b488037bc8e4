package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Callbacks on an executor (issue 9), on JDK 17 with fixed thread pools. With
 * {@code executor(Executor)} on the server, an endpoint or the client: a handler blocked for one
 * connection does not hold up another connection on the same event loop; one connection's
 * callbacks run one at a time and in order, open first and close last, even as they move between
 * the pool's threads; a message handed over owns its bytes; while a handler is blocked, reading
 * from its connection pauses once more than {@code maxPendingMessages} of its messages wait, so
 * the peer is pushed back through TCP and the server holds a handful of messages, not what the
 * peer sends; an endpoint's own executor is used instead of the server's; the client runs its
 * callbacks on its executor the same way; and a listener that throws on the executor gets the
 * same treatment as on the loop (onError with what it threw, close 1011), with nothing escaping
 * to the pool's threads.
 */
@Timeout(90)
class ExecutorCallbacksTest {

    private static final long WAIT_SECONDS = 5;

    private final List<ExecutorService> pools = new ArrayList<>();
    /** What escaped a callback to a pool thread: the boundary failed if this is not empty. */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> toRelease = new CopyOnWriteArrayList<>();
    private WebSocketServer server;
    private WebSocketClient client;

    @AfterEach
    void stop() throws InterruptedException {
        toRelease.forEach(CountDownLatch::countDown);
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        pools.forEach(ExecutorService::shutdownNow);
        assertThat(uncaught).as("nothing a callback threw escaped to the executor's threads").isEmpty();
    }

    /** A fixed pool whose threads are called {@code name-1}, {@code name-2}..., recording what escapes to them. */
    private ExecutorService pool(String name, int threads) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            return thread;
        });
        pools.add(pool);
        return pool;
    }

    private CountDownLatch latch() {
        CountDownLatch latch = new CountDownLatch(1);
        toRelease.add(latch);
        return latch;
    }

    private static WebSocketServer.Builder oneLoop() {
        return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1);
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    // ------------------------------------------------------------ (a) a blocked handler blocks only its own connection

    @Test
    void handlerBlockedForOneConnectionDoesNotStopAnotherOnTheSameLoop() throws Exception {
        CountDownLatch aEntered = new CountDownLatch(1);
        CountDownLatch releaseA = latch();
        AtomicInteger aInside = new AtomicInteger();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                if (text.equals("block")) {
                    aInside.incrementAndGet();
                    aEntered.countDown();
                    await(releaseA, "the test to release A");
                    aInside.decrementAndGet();
                    socket.send("A released");
                } else {
                    socket.send("echo " + text);
                }
            }
        };
        server = oneLoop().executor(pool("cb", 4)).endpoint("/work", listener).start();
        try (RawPeer a = new RawPeer(server.port()).open("/work");
             RawPeer b = new RawPeer(server.port()).open("/work")) {
            a.write(RawPeer.text("block"));
            assertThat(aEntered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("A's handler started").isTrue();

            b.write(RawPeer.text("hello"));
            RawClient.Frame echo = b.readFrame();
            assertThat(echo.text()).as("B is echoed by the one event loop").isEqualTo("echo hello");
            assertThat(aInside.get()).as("while A's handler is still blocked").isEqualTo(1);

            releaseA.countDown();
            assertThat(a.readFrame().text()).as("A's reply once its handler is released").isEqualTo("A released");
            b.write(RawPeer.text("again"));
            assertThat(b.readFrame().text()).isEqualTo("echo again");
        }
    }

    // ------------------------------------------------------------ (b) one at a time, in order

    @Test
    void callbacksOfOneConnectionRunOneAtATimeInOrderFromOpenToClose() throws Exception {
        SerialRecorder recorder = new SerialRecorder();
        server = oneLoop().executor(pool("cb", 4)).endpoint("/serial", recorder).start();
        int messages = 2_000;
        try (RawPeer peer = new RawPeer(server.port()).open("/serial")) {
            // Batches of 50 frames per write: many reads, each handing over many messages.
            for (int batch = 0; batch < messages; batch += 50) {
                byte[][] frames = new byte[50][];
                for (int i = 0; i < 50; i++) {
                    frames[i] = RawPeer.text(Integer.toString(batch + i));
                }
                peer.write(frames);
            }
            peer.write(RawPeer.close(CloseStatus.NORMAL_CLOSURE));
            assertThat(peer.readUntilClose().closeCode()).isEqualTo(CloseStatus.NORMAL_CLOSURE);
            assertThat(peer.awaitEof(3_000)).as("the server closed TCP after the closing handshake").isTrue();
        }
        recorder.awaitClose();
        recorder.assertSerialAndInOrder("cb-", messages);
    }

    /**
     * Records every callback in order, its thread, and how many of the connection's callbacks
     * were running at once: more than one would be two callbacks of one connection in parallel.
     */
    static class SerialRecorder implements WebSocketListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        private void enter() {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            // Give a second thread running the same connection's callbacks a moment to show up.
            for (int i = 0; i < 3; i++) {
                Thread.yield();
            }
        }

        private void exit() {
            inFlight.decrementAndGet();
        }

        @Override
        public void onOpen(WebSocket socket) {
            enter();
            events.add("open");
            exit();
        }

        @Override
        public void onText(WebSocket socket, String text) {
            enter();
            events.add(text);
            exit();
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            enter();
            events.add("error " + error);
            exit();
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            enter();
            events.add("close " + code + " " + wasClean);
            exit();
            closed.countDown();
        }

        void awaitClose() throws InterruptedException {
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("onClose was called").isTrue();
        }

        void assertSerialAndInOrder(String threadPrefix, int messages) {
            List<String> expected = new ArrayList<>();
            expected.add("open");
            for (int i = 0; i < messages; i++) {
                expected.add(Integer.toString(i));
            }
            expected.add("close 1000 true");
            assertThat(mostInFlight.get()).as("callbacks of one connection never overlap").isEqualTo(1);
            assertThat(events).as("open first, every message in order, close last").containsExactlyElementsOf(expected);
            assertThat(threads).as("every callback ran on the executor").allMatch(name -> name.startsWith(threadPrefix));
        }
    }

    // ------------------------------------------------------------ (c) a message handed over owns its bytes

    @Test
    void messagesHandedOverKeepTheirBytesAfterLaterMessagesArrive() throws Exception {
        // Small messages come in one read (slices of the loop's read buffer if they were not
        // copied), large ones across several reads (the engine's assembly buffer): later reads
        // would overwrite both.
        int[] sizes = {10, 200, 1_000, 3_000, 40_000, 100_000, 40_000, 7, 500, 65_536};
        List<ByteBuffer> kept = new CopyOnWriteArrayList<>();
        List<String> keptText = new CopyOnWriteArrayList<>();
        List<ByteBuffer> keptUtf8 = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> verdict = new CompletableFuture<>();
        WebSocketListener keeper = new WebSocketListener() {
            @Override
            public void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
                keptUtf8.add(utf8);
                keptText.add(StandardCharsets.UTF_8.decode(utf8.duplicate()).toString());
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                kept.add(data);
                if (kept.size() == sizes.length) {
                    // Everything has arrived, so every earlier read buffer has been reused: check
                    // the buffers kept from the first messages now.
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < sizes.length; i++) {
                        if (!FloodWriter.isNumbered(kept.get(i), i, sizes[i])) {
                            problems.add("binary message " + i + " changed after it was handed over");
                        }
                    }
                    for (int i = 0; i < keptUtf8.size(); i++) {
                        String now = StandardCharsets.UTF_8.decode(keptUtf8.get(i).duplicate()).toString();
                        if (!now.equals(keptText.get(i))) {
                            problems.add("text message " + i + " changed after it was handed over");
                        }
                    }
                    verdict.complete(problems);
                }
            }
        };
        server = oneLoop().executor(pool("cb", 2)).endpoint("/keep", keeper).start();
        try (RawPeer peer = new RawPeer(server.port()).open("/keep")) {
            for (int i = 0; i < sizes.length; i++) {
                // A text message before each binary one, its content distinct.
                peer.write(RawPeer.text("text number " + i + " " + "é".repeat(i)), FloodWriter.numberedBinary(i, sizes[i]));
            }
            assertThat(verdict.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("what changed").isEmpty();
        }
        assertThat(keptText).hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(keptText.get(i)).isEqualTo("text number " + i + " " + "é".repeat(i));
        }
    }

    // ------------------------------------------------------------ (d) a blocked handler pushes back through TCP

    @Test
    void blockedHandlerPushesItsPeerBackThroughTcpAndHoldsOnlyAFewMessages() throws Exception {
        int maxPending = 4;
        int size = 64 * 1024;
        int count = 1024;   // 64 MiB: more than the kernel's buffers on both sides can hold
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = latch();
        AtomicInteger received = new AtomicInteger();
        List<String> wrong = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1);
        WebSocketListener slow = new WebSocketListener() {
            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                int seq = received.getAndIncrement();
                if (!FloodWriter.isNumbered(data, seq, size) && wrong.size() < 10) {
                    wrong.add("message " + seq + " is not the one sent in that place");
                }
                if (seq == 0) {
                    entered.countDown();
                    await(release, "the test to release the handler");
                }
                if (seq == count - 1) {
                    all.countDown();
                }
            }
        };
        server = oneLoop().executor(pool("cb", 2)).maxPendingMessages(maxPending).endpoint("/slow", slow).start();
        try (RawPeer peer = new RawPeer(server.port()).open("/slow");
             FloodWriter flood = new FloodWriter(peer.socket(), count, seq -> FloodWriter.numberedBinary(seq, size))) {
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the handler got the first message").isTrue();
            assertThat(flood.awaitStall(500, 20_000)).as("the peer's writes stall while the handler is blocked").isTrue();
            long written = flood.written();
            assertThat(written).as("stalled well before the end").isLessThan((long) count * size / 2);
            assertThat(received.get()).as("the listener is still inside its first message").isEqualTo(1);

            Optional<Long> read = TcpQueues.readByServer(written, peer.localPort(), server.port());
            long frame = FloodWriter.numberedBinary(0, size).length;
            // Pending messages up to maxPending + 1 (the one in the handler), the rest of the
            // read that crossed the limit (64 KiB) and a message being assembled.
            long bound = (maxPending + 3) * frame + FloodWriter.PIECE;
            read.ifPresent(bytes -> {
                System.out.printf("backpressure: the peer wrote %d bytes before stalling; the server read %d (%.1f messages of %d)%n",
                        written, bytes, (double) bytes / frame, frame);
                assertThat(bytes).as("bytes the server took out of the kernel while its handler was blocked")
                        .isLessThanOrEqualTo(bound);
            });

            release.countDown();
            assertThat(all.await(30, TimeUnit.SECONDS)).as("every message arrives once the handler is released").isTrue();
            assertThat(flood.awaitDone(10_000)).isEqualTo((long) count * frame);
            assertThat(received.get()).isEqualTo(count);
            assertThat(wrong).as("messages in order and intact").isEmpty();
        }
    }

    // ------------------------------------------------------------ (e) an endpoint's executor wins

    @Test
    void endpointWithItsOwnExecutorRunsThereAndTheOthersOnTheServers() throws Exception {
        ThreadRecorder own = new ThreadRecorder();
        ThreadRecorder shared = new ThreadRecorder();
        server = oneLoop().executor(pool("server-pool", 2))
                .endpoint("/own", Endpoint.of(own).withExecutor(pool("endpoint-pool", 2)))
                .endpoint("/shared", shared)
                .start();
        for (String path : List.of("/own", "/shared")) {
            try (RawPeer peer = new RawPeer(server.port()).open(path)) {
                peer.write(RawPeer.text("hi"));
                assertThat(peer.readFrame().text()).isEqualTo("hi");
                peer.write(RawPeer.close(CloseStatus.NORMAL_CLOSURE));
                assertThat(peer.readUntilClose().closeCode()).isEqualTo(CloseStatus.NORMAL_CLOSURE);
            }
        }
        own.awaitClose();
        shared.awaitClose();
        assertThat(own.calls).extracting(Call::callback).containsExactly("open", "text", "close");
        assertThat(own.calls).extracting(Call::thread).allMatch(name -> name.startsWith("endpoint-pool-"));
        assertThat(shared.calls).extracting(Call::callback).containsExactly("open", "text", "close");
        assertThat(shared.calls).extracting(Call::thread).allMatch(name -> name.startsWith("server-pool-"));
    }

    record Call(String callback, String thread) {
    }

    /** Echoes text and records which thread ran each callback. */
    static class ThreadRecorder implements WebSocketListener {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        private void record(String callback) {
            calls.add(new Call(callback, Thread.currentThread().getName()));
        }

        @Override
        public void onOpen(WebSocket socket) {
            record("open");
        }

        @Override
        public void onText(WebSocket socket, String text) {
            record("text");
            socket.send(text);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            record("close");
            closed.countDown();
        }

        void awaitClose() throws InterruptedException {
            assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onClose was called").isTrue();
        }
    }

    // ------------------------------------------------------------ (f) the client's executor

    @Test
    void clientRunsItsCallbacksOnItsExecutorOneAtATimeAndInOrder() throws Exception {
        int messages = 2_000;
        WebSocketListener counter = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                for (int i = 0; i < messages; i++) {
                    socket.send(Integer.toString(i));
                }
            }
        };
        server = oneLoop().endpoint("/count", counter).start();
        client = new WebSocketClient(1);
        SerialRecorder recorder = new SerialRecorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                super.onText(socket, text);
                if (text.equals(Integer.toString(messages - 1))) {
                    socket.close(CloseStatus.NORMAL_CLOSURE, "");
                }
            }
        };
        WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/count"),
                        ClientOptions.builder().executor(pool("client-pool", 4)).build(), recorder)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        socket.send("go");
        recorder.awaitClose();
        recorder.assertSerialAndInOrder("client-pool-", messages);
    }

    // ------------------------------------------------------------ (g) the boundary holds on the executor

    @Test
    void listenerThatThrowsOnTheExecutorGetsOnErrorAndAClose1011() throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in onText, on the executor");
        List<String> texts = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Call> calls = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocketListener failing = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                calls.add(new Call("text", Thread.currentThread().getName()));
                texts.add(text);
                if (text.equals("boom")) {
                    throw thrown;
                }
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                calls.add(new Call("error", Thread.currentThread().getName()));
                errors.add(error);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                calls.add(new Call("close", Thread.currentThread().getName()));
                closeCode.complete(code);
            }
        };
        server = oneLoop().executor(pool("cb", 2)).endpoint("/fail", failing).endpoint("/echo", Servers.ECHO).start();
        try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            peer.write(RawPeer.text("boom"), RawPeer.text("after"));
            RawClient.Frame close = peer.readUntilClose();
            assertThat(close.closeCode()).as("the server closes with 1011 for its own listener").isEqualTo(CloseStatus.INTERNAL_ERROR);
            assertThat(close.payload()).as("and no detail on the wire").hasSize(2);
            try {
                peer.write(RawPeer.close(CloseStatus.INTERNAL_ERROR));
            } catch (IOException alreadyClosed) {
                // Nothing left to answer.
            }
            assertThat(peer.awaitEof(3_000)).isTrue();
        }
        assertThat(closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(CloseStatus.INTERNAL_ERROR);
        assertThat(errors).as("onError received the very exception thrown").containsExactly(thrown);
        assertThat(texts).as("nothing is delivered after the throw").containsExactly("boom");
        assertThat(calls).extracting(Call::callback).containsExactly("text", "error", "close");
        assertThat(calls).extracting(Call::thread).allMatch(name -> name.startsWith("cb-"));
        // The server goes on serving on the same loop and pool.
        try (RawPeer other = new RawPeer(server.port()).open("/echo")) {
            other.write(RawPeer.text("still here"));
            RawClient.Frame echo = other.readFrame();
            assertThat(echo.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(echo.text()).isEqualTo("still here");
        }
    }
}
