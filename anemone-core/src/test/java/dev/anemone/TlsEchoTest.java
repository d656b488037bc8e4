package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client and our server over TLS: messages from empty to 8 MiB (many records, some cut in two
 * by reads), a burst of small ones, fragments, and the closing handshake started by either side,
 * over TLS 1.3 and over TLS 1.2, where a close_notify ends both directions.
 */
class TlsEchoTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.get();

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesMessagesOfEverySizeAndClosesCleanlyFromTheClient(String version) throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem().withProtocols(version)).start()) {
            Recorder client = Recorder.connect(server, CERTIFICATES.ec.trusted());
            assertThat(client.socket.uri().getScheme()).isEqualTo("wss");
            for (int size : new int[] {0, 1, 125, 16 * 1024, 16 * 1024 + 1, 100_000, 8 * 1024 * 1024}) {
                byte[] payload = payload(size);
                client.socket.send(payload);
                assertThat(client.next()).as("binary of " + size).isEqualTo("binary " + digest(payload));
                String text = "é".repeat(size / 2);
                client.socket.send(text);
                assertThat(client.next()).as("text of " + size).isEqualTo("text " + digest(text.getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 1000; i++) {
                client.socket.send("burst " + i);
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(client.next()).isEqualTo("text " + digest(("burst " + i).getBytes(StandardCharsets.UTF_8)));
            }
            client.socket.sendTextPart("frag", false);
            client.socket.sendTextPart("mented", true);
            assertThat(client.next()).isEqualTo("text " + digest("fragmented".getBytes(StandardCharsets.UTF_8)));

            client.socket.close(4001, "done over " + version);
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 done over " + version + " clean");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void closesCleanlyFromTheServer(String version) throws Exception {
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        WebSocketListener closer = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                socket.close(4002, "server says " + text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                serverSaw.complete(code + " " + reason + (wasClean ? " clean" : " unclean"));
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/close", closer)
                .tls(CERTIFICATES.rsa.pkcs12().withProtocols(version)).start()) {
            Recorder client = Recorder.connect(server, "/close", CERTIFICATES.rsa.trusted());
            client.socket.send("bye");
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4002 server says bye clean");
            assertThat(serverSaw.get(10, TimeUnit.SECONDS)).isEqualTo("4002 server says bye clean");
        }
    }

    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our client, recording each message as its type and SHA-256, and how it closed. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket;

        static Recorder connect(WebSocketServer server, ClientOptions options) throws Exception {
            return connect(server, "/echo", options);
        }

        static Recorder connect(WebSocketServer server, String path, ClientOptions options) throws Exception {
            Recorder recorder = new Recorder();
            recorder.socket = WebSocketClient.shared()
                    .connect(URI.create("wss://127.0.0.1:" + server.port() + path), options, recorder)
                    .get(10, TimeUnit.SECONDS);
            return recorder;
        }

        String next() throws InterruptedException {
            return messages.poll(20, TimeUnit.SECONDS);
        }

        @Override
        public void onText(WebSocket socket, String text) {
            messages.add("text " + digest(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            messages.add("binary " + digest(bytes));
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.complete(code + " " + reason + (wasClean ? " clean" : " unclean"));
        }
    }
}
