package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.ReadyState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client like the browser: a connection that fails before it opens reaches the listener as
 * {@code onError} then {@code onClose} with 1006, and not only the future; the future completes
 * off the event loop, and waiting for it on the loop that must open it fails instead of hanging.
 */
@Timeout(60)
class ClientFailureTest {

    private static final long WAIT_SECONDS = 5;

    private WebSocketServer server;
    private WebSocketClient client;
    /** Holds the verdicts of the gated endpoints until a test has attached its stages to the futures. */
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    @BeforeEach
    void start() {
        server = Servers.echo()
                .endpoint("/private", Endpoint.of(Servers.ECHO).withVerifier(ClientVerifier.sync(info -> Verdict.reject(403))))
                .endpoint("/gated", Endpoint.of(Servers.ECHO).withVerifier(info -> gate.thenApply(open -> Verdict.accept())))
                .endpoint("/gated-refused", Endpoint.of(Servers.ECHO)
                        .withVerifier(info -> gate.thenApply(open -> Verdict.reject(403))))
                .start();
        client = new WebSocketClient(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
    }

    /** Every event as a line, with the state and the thread the socket was seen in. */
    private static final class Recorder implements WebSocketListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile Throwable error;

        @Override
        public void onOpen(WebSocket socket) {
            events.add("open");
        }

        @Override
        public void onError(WebSocket socket, Throwable failure) {
            error = failure;
            events.add("error " + failure.getClass().getSimpleName() + " " + socket.readyState());
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            events.add("close " + code + " " + wasClean + " " + socket.readyState() + " " + socket.uri().getPath()
                    + " sent=" + socket.send("too late"));
        }

        String next() throws InterruptedException {
            return events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private Throwable failureOf(CompletableFuture<WebSocket> connecting) {
        ExecutionException failed = catchThrowableOfType(() -> connecting.get(WAIT_SECONDS, TimeUnit.SECONDS),
                ExecutionException.class);
        assertThat(failed).as("the connection fails").isNotNull();
        return failed.getCause();
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    private void assertReportedLikeTheBrowser(Recorder listener, Throwable futureFailure, String path) throws Exception {
        assertThat(listener.next()).isEqualTo("error " + futureFailure.getClass().getSimpleName() + " CLOSED");
        assertThat(listener.next()).isEqualTo("close 1006 false CLOSED " + path + " sent=false");
        assertThat(listener.error).as("onError gets what fails the future").isSameAs(futureFailure);
        assertThat(listener.events.poll(0, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aRefusalWith403ReachesTheListener() throws Exception {
        Recorder listener = new Recorder();
        Throwable failure = failureOf(client.connect(uri("/private"), listener));
        assertThat(failure).isInstanceOf(HandshakeException.class);
        assertThat(((HandshakeException) failure).status()).isEqualTo(403);
        assertReportedLikeTheBrowser(listener, failure, "/private");
    }

    @Test
    void aPathWithNoEndpointReachesTheListenerAs404() throws Exception {
        Recorder listener = new Recorder();
        Throwable failure = failureOf(client.connect(uri("/nowhere"), listener));
        assertThat(((HandshakeException) failure).status()).isEqualTo(404);
        assertReportedLikeTheBrowser(listener, failure, "/nowhere");
    }

    @Test
    void aRefusedTcpConnectionReachesTheListener() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Recorder listener = new Recorder();
        Throwable failure = failureOf(client.connect(URI.create("ws://127.0.0.1:" + port + "/gone"), listener));
        assertThat(failure).isInstanceOf(ConnectException.class);
        assertReportedLikeTheBrowser(listener, failure, "/gone");
    }

    @Test
    void aWrongAcceptKeyReachesTheListener() throws Exception {
        try (ServerSocket liar = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Recorder listener = new Recorder();
            CompletableFuture<WebSocket> connecting = client.connect(
                    URI.create("ws://127.0.0.1:" + liar.getLocalPort() + "/liar"), listener);
            try (Socket accepted = liar.accept()) {
                readHead(accepted.getInputStream());
                OutputStream out = accepted.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Throwable failure = failureOf(connecting);
                assertThat(failure).isInstanceOf(HandshakeException.class).hasMessageContaining("Sec-WebSocket-Accept");
                assertReportedLikeTheBrowser(listener, failure, "/liar");
            }
        }
    }

    @Test
    void withAnExecutorTheFailureIsReportedThere() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "app-pool"));
        try {
            CompletableFuture<String> errorThread = new CompletableFuture<>();
            CompletableFuture<String> closeThread = new CompletableFuture<>();
            client.connect(uri("/private"), ClientOptions.builder().executor(pool).build(), new WebSocketListener() {
                @Override
                public void onError(WebSocket socket, Throwable error) {
                    errorThread.complete(Thread.currentThread().getName());
                }

                @Override
                public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                    closeThread.complete(Thread.currentThread().getName() + " " + code);
                }
            });
            assertThat(errorThread.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("app-pool");
            assertThat(closeThread.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("app-pool 1006");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFutureCompletesOffTheLoopSoItsStagesMayBlock() throws Exception {
        CompletableFuture<String> openedOn = new CompletableFuture<>();
        CompletableFuture<String> stageRanOn = new CompletableFuture<>();
        CompletableFuture<String> failureStageRanOn = new CompletableFuture<>();
        // Both handshakes wait at the gate, so the stages are attached before the futures complete:
        // a stage attached to a future already complete would run on this thread instead.
        client.connect(uri("/gated"), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                openedOn.complete(Thread.currentThread().getName());
            }
        }).thenAccept(socket -> {
            stageRanOn.complete(Thread.currentThread().getName());
            // Blocking here holds up no loop: this connects again, on the same client, and waits.
            socket.close();
            client.connect(uri("/echo"), new Events()).join().close();
        });
        client.connect(uri("/gated-refused"), new Events())
                .whenComplete((socket, failure) -> failureStageRanOn.complete(Thread.currentThread().getName()));
        gate.complete(null);
        assertThat(openedOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("anemone-client");
        assertThat(stageRanOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("anemone-completion-");
        assertThat(failureStageRanOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("anemone-completion-");
    }

    @Test
    void waitingForAConnectionOnTheLoopThatMustOpenItFailsInsteadOfHanging() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Events first = new Events();
        WebSocket socket = client.connect(uri("/echo"), new WebSocketListener() {
            @Override
            public void onText(WebSocket self, String text) {
                try {
                    client.connect(uri("/echo"), new Events()).join();
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        socket.send("join inside a callback");
        assertThat(thrown.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never end");
        // The loop is free: the client still connects and echoes.
        client.connect(uri("/echo"), first).get(WAIT_SECONDS, TimeUnit.SECONDS).send("free");
        assertThat(first.nextStartingWith("text")).isEqualTo("text free");
        assertThat(socket.readyState()).isEqualTo(ReadyState.OPEN);
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request head ended early");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }
}
