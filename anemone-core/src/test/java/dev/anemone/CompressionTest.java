package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.DeflateOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** permessage-deflate between our own server and client, over every parameter combination that matters. */
class CompressionTest {

    @ParameterizedTest(name = "server {0}, client {1}")
    @CsvSource({
        "defaults, defaults",
        "context, context",
        "context, no-context",
        "window-9, window-10",
        "defaults, server-window-11",
    })
    void textAndBinaryEchoCompressed(String serverSetting, String clientSetting) throws Exception {
        try (WebSocketServer server = Servers.echo().perMessageDeflate(options(serverSetting).withThreshold(0)).start()) {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            WebSocket socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    ClientOptions.builder().perMessageDeflate(options(clientSetting).withThreshold(0)).build(),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            received.add(text);
                        }

                        @Override
                        public void onBinary(WebSocket socket, ByteBuffer data) {
                            byte[] copy = new byte[data.remaining()];
                            data.get(copy);
                            received.add(copy);
                        }
                    }).get(5, TimeUnit.SECONDS);
            assertThat(socket.extensions()).singleElement().asString().startsWith("permessage-deflate");
            for (int size : new int[] {0, 10, 1024, 64 * 1024, 1024 * 1024}) {
                String tick = "{\"symbol\":\"ACME\",\"price\":" + size + "} ";
                String text = tick.repeat(size / tick.length() + 1).substring(0, size);
                socket.send(text);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
                byte[] binary = new byte[size];
                Arrays.fill(binary, (byte) 7);
                socket.send(binary);
                assertThat((byte[]) received.poll(5, TimeUnit.SECONDS)).isEqualTo(binary);
            }
        }
    }

    @Test
    void withoutAnOfferNothingIsNegotiated() throws Exception {
        try (WebSocketServer server = Servers.echo().perMessageDeflate(DeflateOptions.defaults()).start()) {
            WebSocket socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    new Events()).get(5, TimeUnit.SECONDS);
            assertThat(socket.extensions()).isEmpty();
        }
    }

    private static DeflateOptions options(String setting) {
        DeflateOptions defaults = DeflateOptions.defaults();
        switch (setting) {
            case "context": return defaults.withNoContextTakeover(false, false);
            case "no-context": return defaults.withNoContextTakeover(true, true);
            case "window-9": return defaults.withMaxWindowBits(9, 9);
            case "window-10": return defaults.withMaxWindowBits(10, 10);
            case "server-window-11": return defaults.withMaxWindowBits(11, 15);
            default: return defaults;
        }
    }
}
