package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.Opcode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket.Listener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WebSocketServer#metrics()} counts what real connections do, exactly: connections by close
 * code, messages and bytes each way, refusals and HTTP answers by status, dropped messages and
 * buffered bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerMetricsTest {

    private static final byte[] PAYLOAD = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** A masked frame of {@link #PAYLOAD} from the client: 2 bytes of header, 4 of mask. */
    private static final int FRAME_IN = 2 + 4 + 16;
    /** The same frame echoed, unmasked. */
    private static final int FRAME_OUT = 2 + 16;

    /** An echo that counts the closes the server sees. */
    private static final class CountingEcho extends EchoListener {
        final Semaphore closed = new Semaphore(0);

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.release();
        }
    }

    @Test
    void countsConnectionsByCloseCodeAndMessagesAndBytesExactly() throws Exception {
        CountingEcho echo = new CountingEcho();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .endpoint("/echo", echo).start()) {
            ServerMetrics before = server.metrics();
            assertThat(before.connectionsOpened()).isZero();
            assertThat(before.bytesReceived()).isZero();

            long requestBytes = 0;
            long responseBytes = 0;
            try (RawClient normal = new RawClient(server.port());
                 RawClient application = new RawClient(server.port());
                 RawClient abrupt = new RawClient(server.port())) {
                responseBytes += normal.handshake("/echo").length();
                responseBytes += application.handshake("/echo").length();
                responseBytes += abrupt.handshake("/echo").length();
                requestBytes = 3L * RawClient.handshakeRequest("/echo").length();

                for (int i = 0; i < 15; i++) {
                    normal.sendFrame(true, i < 10 ? Opcode.TEXT : Opcode.BINARY, PAYLOAD);
                }
                for (int i = 0; i < 15; i++) {
                    assertThat(normal.readFrame().payload()).isEqualTo(PAYLOAD);
                }
                ServerMetrics open = server.metrics();
                assertThat(open.connectionsOpen()).isEqualTo(3);
                assertThat(open.connectionsOpened()).isEqualTo(3);
                assertThat(open.messagesReceived()).isEqualTo(15);
                assertThat(open.messagesSent()).isEqualTo(15);

                normal.sendFrame(true, Opcode.CLOSE, closePayload(1000));
                assertThat(normal.readFrame().closeCode()).isEqualTo(1000);
                application.sendFrame(true, Opcode.CLOSE, closePayload(4001));
                assertThat(application.readFrame().closeCode()).isEqualTo(4001);
            }
            // The abrupt one just went away: closed without a handshake, 1006.
            assertThat(echo.closed.tryAcquire(3, 10, TimeUnit.SECONDS)).as("the server saw three closes").isTrue();

            ServerMetrics after = server.metrics();
            assertThat(after.connectionsOpen()).isZero();
            assertThat(after.connectionsOpened()).isEqualTo(3);
            assertThat(after.connectionsClosed()).isEqualTo(Map.of(1000, 1L, 1006, 1L, 4001, 1L));
            assertThat(after.connectionsClosedTotal()).isEqualTo(3);
            assertThat(after.messagesReceived()).isEqualTo(15);
            assertThat(after.messagesSent()).isEqualTo(15);
            int closeIn = 2 + 4 + 2;
            int closeOut = 2 + 2;
            assertThat(after.bytesReceived()).isEqualTo(requestBytes + 15L * FRAME_IN + 2L * closeIn);
            assertThat(after.bytesSent()).isEqualTo(responseBytes + 15L * FRAME_OUT + 2L * closeOut);
            assertThat(after.handshakesRefused()).isEmpty();
            assertThat(after.httpResponses()).isEmpty();
            assertThat(after.messagesDropped()).isZero();
            assertThat(after.bufferedBytes()).isZero();
            assertThat(after.topics()).isZero();
            assertThat(after.subscribers()).isZero();
        }
    }

    @Test
    void countsRefusedHandshakesAndHttpAnswersByStatus() throws Exception {
        HttpHandler pages = (request, exchange) -> exchange.respond(request.path().equals("/")
                ? HttpResponse.text(200, "home")
                : HttpResponse.text(404, "no such page"));
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .endpoint("/echo", Servers.ECHO)
                .endpoint("/private", Endpoint.of(Servers.ECHO)
                        .withVerifier(ClientVerifier.sync(info -> Verdict.reject(403))))
                .http(pages)
                .start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/missing")).build(), BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);

            String ws = "ws://127.0.0.1:" + server.port();
            for (String path : new String[] {"/private", "/nowhere"}) {
                assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create(ws + path), new Listener() { })
                        .join()).isInstanceOf(CompletionException.class);
            }
            try (RawClient garbage = new RawClient(server.port())) {
                garbage.send("NOT HTTP AT ALL\r\n\r\n");
                assertThat(garbage.readToEnd()).startsWith("HTTP/1.1 400 ");
            }

            ServerMetrics metrics = server.metrics();
            assertThat(metrics.httpResponses()).isEqualTo(Map.of(200, 2L, 404, 1L));
            assertThat(metrics.handshakesRefused()).isEqualTo(Map.of(400, 1L, 403, 1L, 404, 1L));
            assertThat(metrics.handshakesRefusedTotal()).isEqualTo(3);
            assertThat(metrics.httpResponsesTotal()).isEqualTo(3);
            assertThat(metrics.connectionsOpened()).isZero();
            assertThat(metrics.httpResponses().keySet()).as("in status order").containsExactly(200, 404);
        }
    }

    @Test
    void countsDroppedMessagesAndTheBytesBufferedForAPeerThatNeverReads() throws Exception {
        AtomicReference<WebSocket> serverSide = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        Semaphore dropReports = new Semaphore(0);
        AtomicInteger refused = new AtomicInteger();
        WebSocketListener quiet = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                // On the loop thread a send goes straight to the socket: the kernel's buffers fill
                // first, then the connection's queue, then sends are refused.
                byte[] chunk = new byte[16 * 1024];
                for (int sent = 0; refused.get() < 10 && sent < 10_000; sent++) {
                    if (!socket.send(chunk)) {
                        refused.incrementAndGet();
                    }
                }
                serverSide.set(socket);
                opened.countDown();
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                if (error instanceof MessageDroppedException) {
                    dropReports.release();
                }
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .maxBufferedBytes(256 * 1024, BackpressurePolicy.DROP)
                .endpoint("/quiet", quiet).start();
             RawClient neverReads = new RawClient(server.port())) {
            neverReads.handshake("/quiet");
            assertThat(opened.await(10, TimeUnit.SECONDS)).isTrue();
            WebSocket socket = serverSide.get();
            assertThat(refused).as("the buffer filled up").hasValue(10);
            assertThat(dropReports.tryAcquire(10, 10, TimeUnit.SECONDS)).isTrue();

            long bufferedBefore = socket.bufferedAmount();
            ServerMetrics metrics = server.metrics();
            long bufferedAfter = socket.bufferedAmount();
            assertThat(metrics.messagesDropped()).isEqualTo(10);
            // Nothing is being sent any more and the peer reads nothing: only the kernel can take
            // bytes meanwhile, so the sum lies between the two readings around it.
            assertThat(metrics.bufferedBytes()).isPositive().isBetween(bufferedAfter, bufferedBefore);
        }
    }

    @Test
    void countsTopicsSubscribersAndEachDeliveryOfAPublish() throws Exception {
        Semaphore subscribed = new Semaphore(0);
        WebSocketListener newsReader = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.subscribe("news");
                socket.subscribe("room " + socket.remoteAddress().getPort());
                subscribed.release();
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .endpoint("/news", newsReader).start();
             RawClient first = new RawClient(server.port());
             RawClient second = new RawClient(server.port());
             RawClient third = new RawClient(server.port())) {
            RawClient[] readers = {first, second, third};
            for (RawClient reader : readers) {
                reader.handshake("/news");
            }
            assertThat(subscribed.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();

            server.publish("news", "extra, extra");
            for (RawClient reader : readers) {
                assertThat(reader.readFrame().text()).isEqualTo("extra, extra");
            }

            ServerMetrics metrics = server.metrics();
            assertThat(metrics.topics()).as("news and a room each").isEqualTo(4);
            assertThat(metrics.subscribers()).isEqualTo(6);
            assertThat(metrics.messagesSent()).as("one publish, three deliveries").isEqualTo(3);
            assertThat(metrics.messagesDropped()).isZero();
        }
    }

    private static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >> 8), (byte) code};
    }
}
