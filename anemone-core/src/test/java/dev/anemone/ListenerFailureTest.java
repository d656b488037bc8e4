package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Application code that throws hurts only its own connection (issue 9, fault 1). A listener
 * callback that throws, an {@code Exception} or an {@code Error}, has what it sent before the
 * throw delivered, its exception reported to its own {@code onError} and logged once, and its
 * connection closed with 1011 and no detail on the wire; the frames that follow in the same read,
 * or straddle the next one, are never mistaken for a protocol error of the peer's; another
 * connection on the same event loop notices nothing. A verifier, subprotocol selector or HTTP
 * handler that throws gets the client a 500, and the server goes on serving.
 */
@Timeout(60)
class ListenerFailureTest {

    private static final long WAIT_SECONDS = 5;

    private WebSocketServer server;
    private final EchoWatcher echo = new EchoWatcher();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One loop, so that the failing connection and the echo connection share it. */
    private void start(WebSocketListener failing, UnaryOperator<WebSocketServer.Builder> more) {
        server = more.apply(WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                        .endpoint("/fail", failing)
                        .endpoint("/echo", echo)
                        .closeTimeout(Duration.ofSeconds(2))
                        .handshakeTimeout(Duration.ofSeconds(3)))
                .start();
    }

    private void start(WebSocketListener failing) {
        start(failing, builder -> builder);
    }

    // ------------------------------------------------------------ listener callbacks

    @Test
    void textListenerThatThrowsHasItsReplyDeliveredThenItsConnectionClosedWith1011() throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in onText");
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                if (text.equals("boom")) {
                    socket.send("before");
                    throw thrown;
                }
            }
        };
        start(failing);
        try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            // The fatal message and more behind it, in one TCP write, so in one read.
            peer.write(RawPeer.text("boom"), RawPeer.text("after 1"), RawPeer.text("after 2"));
            RawClient.Frame reply = peer.readFrame();
            assertThat(reply.opcode()).as("the reply sent before the throw comes first").isEqualTo(Opcode.TEXT);
            assertThat(reply.text()).isEqualTo("before");
            assertClose1011WithoutReason(peer.readFrame());
            finishClosingHandshake(peer);
        }
        failing.awaitClose();
        assertThat(failing.errors).as("onError received the very exception thrown").containsExactly(thrown);
        assertThat(failing.order).as("onError, then onClose").containsExactly("error", "close 1011");
    }

    @Test
    void frameStraddlingTwoReadsAfterTheThrowIsNotMistakenForAnUnmaskedFrame() throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in onText");
        CountDownLatch threw = new CountDownLatch(1);
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                threw.countDown();
                throw thrown;
            }
        };
        start(failing);
        // A 16-byte binary frame whose second half, if it were read as the start of a frame,
        // would be the header of an unmasked binary frame (0x82 0x05): what a server that lost
        // the first half of the frame sees next.
        byte[] secondHalfOnTheWire = {(byte) 0x82, 0x05, 'h', 'e', 'l', 'l', 'o', '!'};
        byte[] payload = new byte[16];
        System.arraycopy(RawPeer.mask(secondHalfOnTheWire, RawPeer.MASK_KEY, 8), 0, payload, 8, 8);
        byte[] straddling = RawPeer.binary(payload);
        int split = 6 + 8;   // the header and the first half of the payload
        try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            peer.write(RawPeer.text("boom"), Arrays.copyOfRange(straddling, 0, split));
            assertThat(threw.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onText ran").isTrue();
            // The rest arrives in a later read, after the callback threw.
            try {
                peer.write(Arrays.copyOfRange(straddling, split, straddling.length));
            } catch (IOException alreadyClosed) {
                // A server that closed TCP right after its Close frame: that frame is still to be read.
            }
            RawClient.Frame close = peer.readUntilClose();
            assertThat(close.closeCode())
                    .as("the server closes with 1011 for its own listener, not 1002 blaming the peer (reason '%s')",
                            reasonOf(close))
                    .isEqualTo(CloseStatus.INTERNAL_ERROR);
            finishClosingHandshake(peer);
        }
        failing.awaitClose();
        assertThat(failing.errors).as("onError hears of the listener's exception, and of no protocol error")
                .containsExactly(thrown);
    }

    @Test
    void anotherConnectionOnTheSameLoopKeepsEchoingBeforeDuringAndAfter() throws Exception {
        CountDownLatch threw = new CountDownLatch(1);
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                threw.countDown();
                throw new IllegalStateException("bug in onText");
            }
        };
        start(failing);
        try (RawPeer other = new RawPeer(server.port()).open("/echo");
             RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            assertEchoes(other, "before");
            other.write(RawPeer.text("during 1"));
            peer.write(RawPeer.text("boom"), RawPeer.text("more"));
            other.write(RawPeer.text("during 2"));
            assertThat(threw.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onText ran").isTrue();
            assertThat(other.readFrame().text()).isEqualTo("during 1");
            assertThat(other.readFrame().text()).isEqualTo("during 2");
            assertEchoes(other, "after");
            assertThat(echo.errors).as("the other connection heard of no error").isEmpty();
            assertThat(echo.closes).as("the other connection is still open").hasValue(0);
        }
    }

    /** The callbacks other than onText, each made to send something and then throw. */
    enum Callback { ON_OPEN, ON_BINARY, ON_PING, ON_PONG }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Callback.class)
    void callbackThatThrowsHasWhatItSentDeliveredThenItsConnectionClosedWith1011(Callback callback) throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in " + callback);
        Recorder failing = new Recorder() {
            private void sendThenThrow(WebSocket socket, Callback here) {
                if (here == callback) {
                    socket.send("before");
                    throw thrown;
                }
            }

            @Override
            public void onOpen(WebSocket socket) {
                sendThenThrow(socket, Callback.ON_OPEN);
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                sendThenThrow(socket, Callback.ON_BINARY);
            }

            @Override
            public void onPing(WebSocket socket, ByteBuffer payload) {
                sendThenThrow(socket, Callback.ON_PING);
            }

            @Override
            public void onPong(WebSocket socket, ByteBuffer payload) {
                sendThenThrow(socket, Callback.ON_PONG);
            }
        };
        start(failing);
        try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            switch (callback) {
                case ON_BINARY -> peer.write(RawPeer.binary(new byte[] {1, 2, 3}));
                case ON_PING -> peer.write(RawPeer.ping("hi".getBytes(StandardCharsets.UTF_8)));
                case ON_PONG -> peer.write(RawPeer.pong("hi".getBytes(StandardCharsets.UTF_8)));
                case ON_OPEN -> { }
            }
            if (callback == Callback.ON_PING) {
                RawClient.Frame pong = peer.readFrame();
                assertThat(pong.opcode()).as("the automatic pong, sent before onPing").isEqualTo(Opcode.PONG);
                assertThat(pong.text()).isEqualTo("hi");
            }
            RawClient.Frame reply = peer.readFrame();
            assertThat(reply.opcode()).as("what " + callback + " sent before throwing").isEqualTo(Opcode.TEXT);
            assertThat(reply.text()).isEqualTo("before");
            assertClose1011WithoutReason(peer.readFrame());
            finishClosingHandshake(peer);
        }
        failing.awaitClose();
        assertThat(failing.errors).as("onError received the very exception thrown").containsExactly(thrown);
        assertThat(failing.order).containsExactly("error", "close 1011");
        assertServerStillEchoes();
    }

    @Test
    void onErrorThatThrowsIsCalledOnceAndTheConnectionStillClosesWith1011() throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in onText");
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                throw thrown;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                super.onError(socket, error);
                throw new IllegalStateException("bug in onError too");
            }
        };
        start(failing);
        try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            peer.write(RawPeer.text("boom"));
            assertClose1011WithoutReason(peer.readUntilClose());
            finishClosingHandshake(peer);
        }
        failing.awaitClose();
        assertThat(failing.errors).as("onError once, for the listener's exception, and not again for its own")
                .containsExactly(thrown);
        assertThat(failing.closes).hasValue(1);
        assertServerStillEchoes();
    }

    @Test
    void onCloseThatThrowsBreaksNothingElse() throws Exception {
        Recorder failing = new Recorder() {
            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                super.onClose(socket, code, reason, wasClean);
                throw new IllegalStateException("bug in onClose");
            }
        };
        start(failing, builder -> builder.maxConnectionsPerAddress(2));
        try (RawPeer other = new RawPeer(server.port()).open("/echo")) {
            try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
                peer.write(RawPeer.close(CloseStatus.NORMAL_CLOSURE));
                RawClient.Frame close = peer.readFrame();
                assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
                assertThat(close.closeCode()).isEqualTo(CloseStatus.NORMAL_CLOSURE);
                assertThat(peer.awaitEof(3_000)).as("the server closed TCP").isTrue();
            }
            failing.awaitClose();
            assertThat(server.clients()).as("the closed connection is no longer tracked").hasSize(1);
            assertEchoes(other, "still here");
            // The closed connection gave its per-address slot back: a second one fits beside 'other'.
            try (RawPeer newcomer = new RawPeer(server.port()).open("/echo")) {
                assertEchoes(newcomer, "newcomer");
            }
            assertThat(failing.closes).as("onClose ran once").hasValue(1);
            assertThat(echo.errors).isEmpty();
        }
    }

    static Stream<Error> errors() {
        return Stream.of(new AssertionError("listener assertion failed"), new StackOverflowError("deep recursion"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorIsTreatedLikeAnExceptionAndTheLoopServesTheOthers(Error thrown) throws Exception {
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                socket.send("before");
                throw thrown;
            }
        };
        start(failing);
        try (RawPeer other = new RawPeer(server.port()).open("/echo");
             RawPeer peer = new RawPeer(server.port()).open("/fail")) {
            assertEchoes(other, "before the error");
            peer.write(RawPeer.text("boom"));
            RawClient.Frame reply = peer.readFrame();
            assertThat(reply.text()).as("what was sent before the error").isEqualTo("before");
            assertClose1011WithoutReason(peer.readFrame());
            finishClosingHandshake(peer);
            assertEchoes(other, "after the error");
        }
        failing.awaitClose();
        assertThat(failing.errors).as("onError received the very error thrown").containsExactly(thrown);
        assertServerStillEchoes();
    }

    @Test
    void listenerFailureIsLoggedOnceNamingTheConnection() throws Exception {
        RuntimeException thrown = new IllegalStateException("bug in onText");
        Recorder failing = new Recorder() {
            @Override
            public void onText(WebSocket socket, String text) {
                throw thrown;
            }
        };
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        CountDownLatch logged = new CountDownLatch(1);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Throwable logged0 = record.getThrown();
                if (logged0 == thrown || (logged0 != null && logged0.getCause() == thrown)) {
                    records.add(record);
                    logged.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger anemone = Logger.getLogger("dev.anemone");
        Level previous = anemone.getLevel();
        anemone.setLevel(Level.ALL);
        anemone.addHandler(capture);
        try {
            start(failing);
            int port;
            try (RawPeer peer = new RawPeer(server.port()).open("/fail")) {
                port = peer.localPort();
                peer.write(RawPeer.text("boom"));
                assertThat(logged.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the exception was logged").isTrue();
            }
            failing.awaitClose();
            assertThat(records).as("logged once").hasSize(1);
            String message = new SimpleFormatter().formatMessage(records.get(0));
            assertThat(message).as("the log line names the connection (its peer's address)")
                    .contains(Integer.toString(port));
        } finally {
            anemone.removeHandler(capture);
            anemone.setLevel(previous);
        }
    }

    // ------------------------------------------------------------ handshake and HTTP callbacks

    private void startWithFailingHandshakeCallbacks() {
        WebSocketListener listener = Servers.ECHO;
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .handshakeTimeout(Duration.ofSeconds(3))
                .endpoint("/echo", echo)
                .endpoint("/verify-runtime", Endpoint.of(listener)
                        .withVerifier(ClientVerifier.sync(info -> {
                            throw new IllegalStateException("verifier bug");
                        })))
                .endpoint("/verify-error", Endpoint.of(listener)
                        .withVerifier(info -> {
                            throw new AssertionError("verifier assertion failed");
                        }))
                .endpoint("/verify-async", Endpoint.of(listener)
                        .withVerifier(info -> CompletableFuture.failedFuture(new IllegalStateException("lookup failed"))))
                .endpoint("/verify-stage", Endpoint.of(listener)
                        .withVerifier(info -> new CompletableFuture<Verdict>() {
                            // A stage of the application's own that breaks when the server waits on it.
                            @Override
                            public CompletableFuture<Verdict> whenComplete(
                                    java.util.function.BiConsumer<? super Verdict, ? super Throwable> action) {
                                throw new IllegalStateException("a broken stage");
                            }
                        }))
                .endpoint("/select-runtime", Endpoint.of(listener)
                        .withProtocols((offered, info) -> {
                            throw new IllegalStateException("selector bug");
                        }))
                .endpoint("/select-error", Endpoint.of(listener)
                        .withProtocols((offered, info) -> {
                            throw new AssertionError("selector assertion failed");
                        }))
                .http((request, exchange) -> exchange.respond(switch (request.path()) {
                    case "/http-runtime" -> throw new IllegalStateException("handler bug");
                    case "/http-error" -> throw new AssertionError("handler assertion failed");
                    default -> HttpResponse.text(404, "Not Found");
                }))
                .start();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/verify-runtime", "/verify-error", "/verify-async", "/verify-stage", "/select-runtime",
        "/select-error"})
    void verifierOrSelectorThatFailsRefusesTheHandshakeWith500(String path) throws Exception {
        startWithFailingHandshakeCallbacks();
        try (RawPeer peer = new RawPeer(server.port())) {
            String answer = peer.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
            assertThat(answer).as("the answer to an upgrade at " + path).startsWith("HTTP/1.1 500 ");
        }
        assertThat(server.clients()).isEmpty();
        assertServerStillEchoes();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/http-runtime", "/http-error"})
    void httpHandlerThatThrowsAnswers500(String path) throws Exception {
        startWithFailingHandshakeCallbacks();
        try (RawPeer peer = new RawPeer(server.port())) {
            String answer = peer.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(answer).as("the answer to GET " + path).startsWith("HTTP/1.1 500 ");
        }
        assertServerStillEchoes();
    }

    // ------------------------------------------------------------ helpers

    private static void assertClose1011WithoutReason(RawClient.Frame frame) {
        assertThat(frame.opcode()).as("a Close frame (got '%s')", frame.text()).isEqualTo(Opcode.CLOSE);
        assertThat(frame.closeCode()).as("the close code (reason '%s')", reasonOf(frame))
                .isEqualTo(CloseStatus.INTERNAL_ERROR);
        assertThat(reasonOf(frame)).as("no detail on the wire").isEmpty();
    }

    private static String reasonOf(RawClient.Frame close) {
        byte[] payload = close.payload();
        return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    /**
     * Answers the server's Close with 1011, and waits for the server to close TCP (a server that
     * closed TCP right after its Close frame may already have reset the connection).
     */
    private static void finishClosingHandshake(RawPeer peer) throws IOException {
        try {
            peer.write(RawPeer.close(CloseStatus.INTERNAL_ERROR));
        } catch (IOException alreadyClosed) {
            // Nothing left to answer.
        }
        assertThat(peer.awaitEof(3_000)).as("the server closed TCP after the closing handshake").isTrue();
    }

    private static void assertEchoes(RawPeer peer, String text) throws IOException {
        peer.write(RawPeer.text(text));
        RawClient.Frame echoed = peer.readFrame();
        assertThat(echoed.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(echoed.text()).isEqualTo(text);
    }

    private void assertServerStillEchoes() throws IOException {
        try (RawPeer peer = new RawPeer(server.port()).open("/echo")) {
            assertEchoes(peer, "still serving");
        }
    }

    /** Records errors and the close, in order. */
    static class Recorder implements WebSocketListener {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<String> order = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.add(error);
            order.add("error");
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            order.add("close " + code);
            closes.incrementAndGet();
            closed.countDown();
        }

        void awaitClose() throws InterruptedException {
            assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("onClose was called").isTrue();
        }
    }

    /** Echoes, and records what would show that the failure of another connection reached it. */
    static final class EchoWatcher extends EchoListener {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closes.incrementAndGet();
        }
    }
}
