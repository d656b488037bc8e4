package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.Opcode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the library logs at default levels, read through java.util.logging, the backend behind
 * {@link System.Logger} when nothing else is on the class path: a failure names its connection
 * (a short id and the peer's address) and is logged once; traffic logs nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLoggingTest {

    /** Held, so that the handler stays on the logger; records of every class below it arrive here. */
    private final Logger anemone = Logger.getLogger("dev.anemone");
    /** What reached the handlers at the levels in force by default (INFO and above). */
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void record() {
        assertThat(anemone.getLevel()).as("the default level is in force").isNull();
        assertThat(Logger.getLogger("").getLevel()).isEqualTo(Level.INFO);
        anemone.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        anemone.removeHandler(recorder);
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceNamingItsConnection() throws Exception {
        AtomicReference<WebSocket> serverSide = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        IllegalStateException thrown = new IllegalStateException("thrown on purpose by the test");
        WebSocketListener throwing = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                serverSide.set(socket);
            }

            @Override
            public void onText(WebSocket socket, String text) {
                throw thrown;
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                closed.countDown();
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/throws", throwing).start();
             RawClient client = new RawClient(server.port())) {
            client.handshake("/throws");
            for (int i = 0; i < 3; i++) {
                client.sendFrame(true, Opcode.TEXT, "boom".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(client.readFrame().closeCode()).isEqualTo(1011);
            client.sendFrame(true, Opcode.CLOSE, new byte[] {0x03, (byte) 0xF3});
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(records).as("one line for one failure").hasSize(1);
            LogRecord line = records.get(0);
            assertThat(line.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue());
            assertThat(line.getThrown()).isSameAs(thrown);
            String name = serverSide.get().toString();
            assertThat(name).matches("WebSocket\\[from #[0-9a-f]+ 127\\.0\\.0\\.1:" + client.localPort() + " /throws]");
            assertThat(line.getMessage()).contains(name).contains("1011");
        }
    }

    @Test
    void anHttpHandlerThatThrowsIsLoggedOnceNamingItsConnection() throws Exception {
        try (WebSocketServer server = Servers.echo().http((request, exchange) -> {
            throw new IllegalStateException("thrown on purpose by the test");
        }).start(); RawClient client = new RawClient(server.port())) {
            client.send("GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 500 ");

            assertThat(records).hasSize(1);
            assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(records.get(0).getMessage())
                    .matches("the HTTP handler failed on GET /page from #[0-9a-f]+ 127\\.0\\.0\\.1:" + client.localPort()
                            + "; answered 500 unless it had begun an answer");
        }
    }

    @Test
    void aThousandEchoedMessagesLogNothing() throws Exception {
        Semaphore echoes = new Semaphore(0);
        CountDownLatch closed = new CountDownLatch(1);
        WebSocketClient client = new WebSocketClient(1);
        try (WebSocketServer server = Servers.echo().start()) {
            WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            echoes.release();
                        }

                        @Override
                        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                            closed.countDown();
                        }
                    }).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 1000; i++) {
                socket.send("message " + i);
            }
            assertThat(echoes.tryAcquire(1000, 30, TimeUnit.SECONDS)).isTrue();
            socket.close(1000, "done");
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.metrics().messagesReceived()).isEqualTo(1000);
        } finally {
            client.close();
        }
        assertThat(records).as("lines logged at INFO or above").isEmpty();
    }
}
