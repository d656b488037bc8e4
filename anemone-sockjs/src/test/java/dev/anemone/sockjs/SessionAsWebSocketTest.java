package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.HttpRoutes;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.ReadyState;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A SockJS session through the application's eyes, used from a thread of the test's own as an
 * application would: readyState, bufferedAmount, attachment, uri, send and close with code and
 * reason, timers, and the binary calls SockJS cannot carry.
 */
class SessionAsWebSocketTest {

    @Test
    void theSessionBehavesAsAWebSocket() throws Exception {
        BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.add(socket);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                closes.add(code + " " + reason + " " + wasClean + " " + socket.readyState());
            }
        };
        HttpRoutes routes = new HttpRoutes();
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).http(routes);
        SockJsService sockjs = SockJsService.create("/app", listener);
        sockjs.mount(builder, routes);
        try (WebSocketServer server = builder.start(); sockjs) {
            String url = "http://127.0.0.1:" + server.port() + "/app/000/s1";
            assertThat(Http.post(url + "/xhr?k=v", "").body()).isEqualTo("o\n");
            WebSocket session = opened.poll(10, TimeUnit.SECONDS);
            assertThat(session).isNotNull();
            assertThat(session.readyState()).isEqualTo(ReadyState.OPEN);
            assertThat(session.uri().toString()).isEqualTo("/app/000/s1/xhr?k=v");
            assertThat(session.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(session.endpoint()).isEqualTo("/app");
            assertThat(session.server()).isSameAs(server);
            session.attach("user-1");
            assertThat(session.<String>attachment()).isEqualTo("user-1");

            // Nobody polls: what is sent waits, and counts.
            assertThat(session.send("héllo")).isTrue();
            assertThat(session.bufferedAmount()).isEqualTo(6);
            assertThat(session.sendTextPart("in ", false)).isTrue();
            assertThat(session.sendTextPart("parts", true)).isTrue();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"héllo\",\"in parts\"]\n");
            assertThat(session.bufferedAmount()).isZero();

            session.schedule(Duration.ofMillis(10), () -> session.send("from a timer"));
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("a[\"from a timer\"]\n");

            assertThatThrownBy(() -> session.send(ByteBuffer.allocate(1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> session.close(1001, "")).isInstanceOf(IllegalArgumentException.class);
            assertThat(session.ping(new byte[0])).isFalse();

            session.close(4000, "bye");
            assertThat(session.readyState()).isEqualTo(ReadyState.CLOSING);
            assertThat(session.send("too late")).isFalse();
            assertThat(Http.post(url + "/xhr", "").body()).isEqualTo("c[4000,\"bye\"]\n");
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4000 bye true CLOSED");
        }
    }
}
