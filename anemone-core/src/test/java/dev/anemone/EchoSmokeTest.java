package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EchoSmokeTest {

    @Test
    void jdkClientEchoesThroughOurServer() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.send(text);
                    }
                }).start()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");

            BlockingQueue<String> ours = new LinkedBlockingQueue<>();
            WebSocket client = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            ours.add(text);
                        }

                        @Override
                        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                            ours.add("closed " + code + " " + reason + " " + wasClean);
                        }
                    }).get(5, TimeUnit.SECONDS);
            client.send("über");
            assertThat(ours.poll(5, TimeUnit.SECONDS)).isEqualTo("über");
            client.close(4000, "bye");
            assertThat(ours.poll(5, TimeUnit.SECONDS)).isEqualTo("closed 4000 bye true");
        }
    }
}
