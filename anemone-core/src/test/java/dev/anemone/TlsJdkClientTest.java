package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's {@code java.net.http.WebSocket} against our {@code wss://} server, checking the
 * certificate and the host name as it always does, over TLS 1.3 and 1.2: echoes, and the
 * closing handshake started by the JDK client.
 */
class TlsJdkClientTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theJdkClientEchoesThroughOurWssServerAndClosesCleanly(String version) throws Exception {
        TestCertificates certificates = TestCertificates.get();
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        EchoListener echo = new EchoListener() {
            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                serverSaw.complete(code + " " + reason + (wasClean ? " clean" : " unclean"));
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", echo).tls(certificates.ec.pem()).start()) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {version});
            HttpClient jdk = HttpClient.newBuilder().sslContext(certificates.ec.trusted().tls().sslContext())
                    .sslParameters(parameters).build();
            JdkSubscriber jdkClient = JdkSubscriber.connect(jdk, URI.create("wss://localhost:" + server.port() + "/echo"), 2);
            java.net.http.WebSocket socket = jdkClient.socket;
            socket.sendText("héllo over " + version, true).get(5, TimeUnit.SECONDS);
            assertThat(jdkClient.received.poll(10, TimeUnit.SECONDS)).isEqualTo("text héllo over " + version);
            socket.sendBinary(ByteBuffer.wrap(TlsEchoTest.payload(1 << 20)), true).get(10, TimeUnit.SECONDS);
            assertThat(jdkClient.received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary " + (1 << 20) + " bytes");
            socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(jdkClient.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 bye");
            assertThat(serverSaw.get(10, TimeUnit.SECONDS)).isEqualTo("1000 bye clean");
        }
    }
}
