package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.ReadyState;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client's listener that throws hurts only its own connection (issue 9, fault 1, on the
 * client): what it sent before the throw reaches the server, its exception or error goes to its
 * own {@code onError}, the client closes the connection with 1011 and no reason, and another
 * connection on the same client loop goes on echoing.
 */
@Timeout(60)
class ClientListenerFailureTest {

    private static final long WAIT_SECONDS = 5;

    private WebSocketServer server;
    private WebSocketClient client;
    private final ServerSide watched = new ServerSide();

    @BeforeEach
    void start() {
        server = Servers.echo().endpoint("/watched", watched).start();
        // One loop, shared by the failing connection and the well-behaved one.
        client = new WebSocketClient(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
    }

    @Test
    void exceptionFromOnTextIsReportedAndTheClientClosesWith1011() throws Exception {
        assertOnlyItsConnectionFails(new IllegalStateException("bug in the client's onText"));
    }

    @Test
    void errorFromOnTextIsTreatedTheSame() throws Exception {
        assertOnlyItsConnectionFails(new AssertionError("client listener assertion failed"));
    }

    private void assertOnlyItsConnectionFails(Throwable thrown) throws Exception {
        Events good = new Events();
        WebSocket goodSocket = client.connect(uri("/echo"), good).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(good.next()).isEqualTo("open ");
        Failing failing = new Failing(thrown);
        WebSocket failingSocket = client.connect(uri("/watched"), failing).get(WAIT_SECONDS, TimeUnit.SECONDS);

        goodSocket.send("before");
        assertThat(good.next()).isEqualTo("text before");
        // The server echoes "boom", and the client's onText sends "reply" then throws.
        failingSocket.send("boom");
        goodSocket.send("during");
        assertThat(good.next()).isEqualTo("text during");

        assertThat(watched.events.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("text boom");
        assertThat(watched.events.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("what the client's listener sent before throwing reaches the server").isEqualTo("text reply");
        assertThat(watched.events.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("the client closed with 1011 and no reason").isEqualTo("close 1011 ''");

        assertThat(failing.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the client's onClose ran").isTrue();
        assertThat(failing.errors).as("the client's onError received the very throwable").containsExactly(thrown);
        assertThat(failing.order).containsExactly("error", "close " + CloseStatus.INTERNAL_ERROR);

        goodSocket.send("after");
        assertThat(good.next()).as("the other connection on the client loop still echoes").isEqualTo("text after");
        assertThat(goodSocket.readyState()).isEqualTo(ReadyState.OPEN);
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    private static RuntimeException sneaky(Throwable thrown) {
        if (thrown instanceof Error error) {
            throw error;
        }
        return (RuntimeException) thrown;
    }

    /** The client's listener: on "boom" it sends "reply", then throws. */
    static final class Failing implements WebSocketListener {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<String> order = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private final Throwable thrown;

        Failing(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        public void onText(WebSocket socket, String text) {
            if (text.equals("boom")) {
                socket.send("reply");
                throw sneaky(thrown);
            }
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            errors.add(error);
            order.add("error");
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            order.add("close " + code);
            closed.countDown();
        }
    }

    /** The server's side of the failing connection: echoes, and records texts and the close. */
    static final class ServerSide extends EchoListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
            events.add("text " + StandardCharsets.UTF_8.decode(utf8.duplicate()));
            super.onTextUtf8(socket, utf8);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            events.add("close " + code + " '" + reason + "'");
        }
    }
}
