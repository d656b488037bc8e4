package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reading paused in the middle of a read over TLS: the records not decrypted yet wait with the
 * connection and are decrypted, in order, once reading resumes; nothing is lost or repeated.
 */
class TlsPauseTest {

    @Test
    void aServerThatPausesAfterEveryMessageGetsThemAllInOrder() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor();
        WebSocketListener pausing = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                received.add(text);
                socket.pause();
                resumer.schedule(socket::resume, 200, TimeUnit.MICROSECONDS);
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                received.add("binary " + data.remaining());
                socket.pause();
                resumer.schedule(socket::resume, 1, TimeUnit.MILLISECONDS);
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/pausing", pausing).tls(certificates.ec.pem()).start()) {
            TlsEchoTest.Recorder client = TlsEchoTest.Recorder.connect(server, "/pausing", certificates.ec.trusted());
            int count = 3000;
            for (int i = 0; i < count; i++) {
                client.socket.send("message " + i);
                if (i % 1000 == 999) {
                    client.socket.send(new byte[300_000]);
                }
            }
            for (int i = 0; i < count; i++) {
                assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("message " + i);
                if (i % 1000 == 999) {
                    assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("binary 300000");
                }
            }
            client.socket.close();
            assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000  clean");
        } finally {
            resumer.shutdownNow();
        }
    }
}
