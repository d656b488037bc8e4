package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The framed WebSocket transport and the raw one, driven by the JDK's WebSocket client. */
class WebSocketTransportTest {

    private static SockJsTestServer server;

    @BeforeAll
    static void start() {
        server = new SockJsTestServer(SockJsTestServer.testOptions().toBuilder().heartbeat(Duration.ofMillis(300)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What a JDK WebSocket received: each text message, and "close CODE REASON" at the end. */
    static final class Received implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            messages.add("close " + code + " " + reason);
            return null;
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        /** The next message that is not a heartbeat. */
        String nextFrame() throws InterruptedException {
            String message;
            do {
                message = next();
            } while (message.equals("h"));
            return message;
        }
    }

    private static WebSocket connect(String path, Received received) throws Exception {
        return Http.CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.server.port() + path), received)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void framedSessionOpensEchoesAndBeats() throws Exception {
        Received received = new Received();
        WebSocket socket = connect("/echo" + Http.newSession() + "/websocket", received);
        assertThat(received.next()).isEqualTo("o");
        socket.sendText("[\"a\",\"\\u0000\\ud83d\\ude00\"]", true).get(5, TimeUnit.SECONDS);
        assertThat(received.nextFrame()).isEqualTo("a[\"a\"]");
        assertThat(received.nextFrame()).isEqualTo("a[\"\\u0000\\ud83d\\ude00\"]");
        socket.sendText("\"single\"", true).get(5, TimeUnit.SECONDS);
        socket.sendText("", true).get(5, TimeUnit.SECONDS); // an empty frame is ignored
        assertThat(received.nextFrame()).isEqualTo("a[\"single\"]");
        assertThat(received.next()).isEqualTo("h");
        socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(received.next()).startsWith("close 1000");
    }

    @Test
    void framedSessionClosedByTheApplicationGetsItsCloseFrame() throws Exception {
        Received received = new Received();
        connect("/close" + Http.newSession() + "/websocket", received);
        assertThat(received.next()).isEqualTo("o");
        assertThat(received.next()).isEqualTo("c[3000,\"Go away!\"]");
        assertThat(received.next()).isEqualTo("close 3000 Go away!");
    }

    @Test
    void brokenFramingClosesWith3000() throws Exception {
        Received received = new Received();
        WebSocket socket = connect("/echo" + Http.newSession() + "/websocket", received);
        assertThat(received.next()).isEqualTo("o");
        socket.sendText("[\"a", true).get(5, TimeUnit.SECONDS);
        assertThat(received.nextFrame()).isEqualTo("close 3000 Broken framing.");
    }

    @Test
    void rawWebSocketIsTheListenerItself() throws Exception {
        Received received = new Received();
        WebSocket socket = connect("/echo/websocket", received);
        socket.sendText("[\"not framed\"]", true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("[\"not framed\"]");
        socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        assertThat(received.next()).startsWith("close 1000");
    }

    @Test
    void aSessionUrlWithADotIsNotFound() throws Exception {
        Received received = new Received();
        assertThat(Http.CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.server.port() + "/echo/a.b/c/websocket"), received)
                .handle((socket, failure) -> failure == null ? "connected" : "refused").get(10, TimeUnit.SECONDS))
                .isEqualTo("refused");
    }

    @Test
    void disabledWebSocketHasNoEndpoints() throws Exception {
        assertThat(Http.get(server.base() + "/disabled_websocket_echo/websocket").statusCode()).isEqualTo(404);
    }
}
