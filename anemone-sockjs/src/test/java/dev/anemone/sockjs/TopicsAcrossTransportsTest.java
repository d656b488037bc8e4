package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.HttpRoutes;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One listener for WebSocket and SockJS clients alike, topics included: a SockJS session and a
 * plain WebSocket subscribe to the same topic, and what the server or either of them publishes
 * reaches the others.
 */
class TopicsAcrossTransportsTest {

    /** "sub T" subscribes (answering "ok sub T"), "pub T text" publishes, "unsub T" unsubscribes. */
    private static final class Commands implements WebSocketListener {
        @Override
        public void onText(WebSocket socket, String text) {
            String[] words = text.split(" ", 3);
            switch (words[0]) {
                case "sub" -> {
                    socket.subscribe(words[1]);
                    socket.send("ok " + text);
                }
                case "unsub" -> {
                    socket.unsubscribe(words[1]);
                    socket.send("ok " + text);
                }
                case "pub" -> socket.publish(words[1], words[2]);
                default -> socket.send("unknown " + text);
            }
        }
    }

    private static final class JdkInbox implements java.net.http.WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }
    }

    @Test
    void publishesCrossBetweenWebSocketAndSockJsSubscribers() throws Exception {
        Commands commands = new Commands();
        HttpRoutes routes = new HttpRoutes();
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/ws", commands).http(routes);
        SockJsService sockjs = SockJsService.create("/sockjs", commands);
        sockjs.mount(builder, routes);
        try (WebSocketServer server = builder.start(); sockjs) {
            String session = "http://127.0.0.1:" + server.port() + "/sockjs" + Http.newSession();
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("o\n");
            assertThat(Http.post(session + "/xhr_send", "[\"sub news\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"ok sub news\"]\n");

            JdkInbox inbox = new JdkInbox();
            java.net.http.WebSocket ws = Http.CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), inbox).get(10, TimeUnit.SECONDS);
            ws.sendText("sub news", true).get(5, TimeUnit.SECONDS);
            assertThat(inbox.next()).isEqualTo("ok sub news");

            server.publish("news", "from the server");
            assertThat(inbox.next()).isEqualTo("from the server");
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"from the server\"]\n");

            ws.sendText("pub news from the websocket", true).get(5, TimeUnit.SECONDS);
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"from the websocket\"]\n");

            // The SockJS session's own publish reaches the WebSocket, and not the session itself.
            assertThat(Http.post(session + "/xhr_send", "[\"pub news from sockjs\",\"unsub news\"]").statusCode()).isEqualTo(204);
            assertThat(inbox.next()).isEqualTo("from sockjs");
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"ok unsub news\"]\n");

            server.publish("news", "after unsubscribing");
            assertThat(inbox.next()).isEqualTo("after unsubscribing");
            assertThat(Http.post(session + "/xhr_send", "[\"marker\"]").statusCode()).isEqualTo(204);
            assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"unknown marker\"]\n");
        }
    }
}
