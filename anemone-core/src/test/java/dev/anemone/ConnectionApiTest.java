package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.ReadyState;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser-shaped connection API: close rules, sends from any thread, pings, readyState; and
 * what a send says when it cannot send: a null message fails at once, naming the argument, and a
 * message dropped because the connection is closing is reported once, by the false returned.
 */
class ConnectionApiTest {

    private WebSocketServer server;
    private Events events;
    private WebSocket socket;

    @BeforeEach
    void connect() throws Exception {
        server = Servers.echo().start();
        events = new Events();
        socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), events)
                .get(5, TimeUnit.SECONDS);
        assertThat(events.next()).isEqualTo("open ");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void applicationsMayCloseOnlyWith1000Or3000To4999() {
        for (int code : new int[] {999, 1001, 1002, 1005, 1006, 1011, 1015, 2999, 5000}) {
            assertThatThrownBy(() -> socket.close(code)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> socket.close(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
        assertThat(socket.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void closeWithAReasonOfExactly123BytesIsClean() throws Exception {
        String reason = "x".repeat(123);
        socket.close(3000, reason);
        assertThat(events.nextStartingWith("close")).isEqualTo("close 3000 " + reason + " true");
        assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void sendAfterCloseIsDroppedAndReportedByItsResultAlone() throws Exception {
        socket.close();
        assertThat(socket.send("too late")).isFalse();
        assertThat(events.next()).isEqualTo("close 1000  true");
        assertThat(socket.send("later still")).isFalse();
        // A report on its way to onError would come through the client's one loop before the
        // echo on another connection does: none came.
        Events other = new Events();
        WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), other)
                .get(5, TimeUnit.SECONDS).send("after");
        assertThat(other.nextStartingWith("text")).isEqualTo("text after");
        assertThat(events.nextOrNone()).as("no onError besides the false returned").isNull();
    }

    @Test
    void pingGetsItsPong() throws Exception {
        socket.ping("are you there".getBytes());
        assertThat(events.nextStartingWith("pong")).isEqualTo("pong are you there");
        assertThatThrownBy(() -> socket.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendsFromManyThreadsAllArrive() throws Exception {
        int threads = 8;
        int perThread = 500;
        Set<String> sent = new HashSet<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                sent.add("text " + t + ":" + i);
            }
            int id = t;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    socket.send(id + ":" + i);
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < threads * perThread; i++) {
            received.add(events.next());
        }
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void everySendOfNullFailsNamingItsArgument() {
        assertNullNamed(() -> socket.send((String) null), "text");
        assertNullNamed(() -> socket.sendText(null), "utf8");
        assertNullNamed(() -> socket.send((ByteBuffer) null), "data");
        assertNullNamed(() -> socket.send((byte[]) null), "data");
        assertNullNamed(() -> socket.sendTextPart(null, true), "text");
        assertNullNamed(() -> socket.sendBinaryPart(null, true), "data");
        assertNullNamed(() -> socket.ping(null), "payload");
    }

    private static void assertNullNamed(ThrowingCallable send, String argument) {
        assertThatThrownBy(send).isInstanceOf(NullPointerException.class)
                .hasMessage(argument + " is null: there is nothing to send");
    }

    @Test
    void theConnectionStillWorksAfterANullWasRefused() throws Exception {
        assertThatThrownBy(() -> socket.send((String) null)).isInstanceOf(NullPointerException.class);
        socket.send("fine");
        assertThat(events.next()).isEqualTo("text fine");
    }

    @Test
    void aSendAcceptedFromAnotherThreadThenDroppedByACloseIsReportedOnceToOnError() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        WebSocket self = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        // The loop is held here while the test thread's send is accepted, and
                        // closes before it can run that send.
                        inCallback.countDown();
                        try {
                            sent.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        socket.close();
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        seen.add("error " + error.getClass().getSimpleName());
                    }

                    @Override
                    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                        seen.add("close " + code);
                        closed.countDown();
                    }
                }).get(5, TimeUnit.SECONDS);
        self.send("go");
        assertThat(inCallback.await(5, TimeUnit.SECONDS)).isTrue();
        boolean accepted = self.send("accepted, then dropped");
        sent.countDown();
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).isTrue();
        assertThat(seen).containsExactly("error MessageDroppedException", "close 1000");
    }

    @Test
    void aSendInsideACallbackAfterCloseIsReportedOnceOnTheLoop() throws Exception {
        assertSendsInCallbacksAfterCloseAreReportedOnce(null);
    }

    @Test
    void aSendInsideACallbackAfterCloseIsReportedOnceOnAnExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertSendsInCallbacksAfterCloseAreReportedOnce(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends after close() in onText and in onClose return false, and nothing reaches onError. A
     * report would travel through the client's one loop, and then through the executor if there
     * is one, before the echo of a later message on another connection that shares both.
     */
    private void assertSendsInCallbacksAfterCloseAreReportedOnce(Executor executor) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket self, String text) {
                self.close();
                seen.add("in onText after close(): " + self.send("late"));
            }

            @Override
            public void onError(WebSocket self, Throwable error) {
                seen.add("error " + error.getClass().getSimpleName());
            }

            @Override
            public void onClose(WebSocket self, int code, String reason, boolean wasClean) {
                seen.add("in onClose: " + self.send("later"));
                closed.countDown();
            }
        };
        ClientOptions options = ClientOptions.builder().executor(executor).build();
        URI echo = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
        WebSocketClient.shared().connect(echo, options, listener).get(5, TimeUnit.SECONDS).send("go");
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        Events sentinel = new Events();
        WebSocketClient.shared().connect(echo, options, sentinel).get(5, TimeUnit.SECONDS).send("sentinel");
        assertThat(sentinel.nextStartingWith("text")).isEqualTo("text sentinel");
        assertThat(seen).containsExactly("in onText after close(): false", "in onClose: false");
    }
}
