package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.AcceptKey;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The closing handshake uses half-close (issue 9): after our Close frame the output is shut down,
 * so the peer reads the Close and then end-of-stream, while we go on reading: the peer's Close
 * still arrives (the close is clean), and input the peer keeps sending is read and thrown away
 * rather than left unread, which would turn the close into a reset that can destroy the frame
 * or response we sent last. Proved with blocking-socket peers that show exactly what reaches
 * them: for a close the server starts, for a connection the server fails, for a close our client
 * starts, and for a plain HTTP answer on the WebSocket port.
 */
@Timeout(60)
class HalfCloseTest {

    private static final int JUNK = 1024 * 1024;
    /** Long, so that a close that ends before it can only have ended on the peer's FIN. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private WebSocketServer server;
    private WebSocketClient client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    record Closed(int code, String reason, boolean wasClean) {
    }

    /** Hands over the connection when it opens and how it closed. */
    static final class Watcher implements WebSocketListener {
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket socket) {
            opened.complete(socket);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.complete(new Closed(code, reason, wasClean));
        }
    }

    private Watcher startServer() {
        Watcher watcher = new Watcher();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/ws", watcher)
                .closeTimeout(CLOSE_TIMEOUT)
                .start();
        return watcher;
    }

    /** Reads the next byte and fails unless it is end-of-stream: a FIN, not a reset, not more data. */
    private static void assertEndOfStream(Socket socket, String who) throws IOException {
        int next;
        try {
            next = socket.getInputStream().read();
        } catch (SocketTimeoutException timedOut) {
            throw new AssertionError(who + " did not shut down its output: no end-of-stream");
        } catch (SocketException reset) {
            throw new AssertionError(who + " reset the connection instead of half-closing it", reset);
        }
        assertThat(next).as("%s sends nothing after its Close frame but end-of-stream", who).isEqualTo(-1);
    }

    // ------------------------------------------------------------ (a) the server closes

    @Test
    void serverCloseIsFollowedByEndOfStreamAndThePeersCloseIsStillRead() throws Exception {
        Watcher watcher = startServer();
        try (RawPeer peer = new RawPeer(server.port()).open("/ws")) {
            WebSocket socket = watcher.opened.get(5, TimeUnit.SECONDS);
            socket.close(4000, "bye");

            RawClient.Frame close = peer.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8)).isEqualTo("bye");
            assertEndOfStream(peer.socket(), "the server");
            assertThat(watcher.closed).as("the server waits for our Close").isNotDone();

            // Our Close travels the other way, after the server's FIN.
            peer.write(RawPeer.close(4000));
            peer.socket().shutdownOutput();
            Closed closed = watcher.closed.get(5, TimeUnit.SECONDS);
            assertThat(closed.wasClean()).as("the server read our Close after shutting down its output").isTrue();
            assertThat(closed.code()).isEqualTo(4000);
        }
    }

    /**
     * The same with a peer nobody here wrote, the JDK's WebSocket client: our FIN right behind
     * our Close is no error to it, it answers the Close, and the close is clean on both sides.
     */
    @Test
    void serverCloseWithHalfCloseIsCleanForTheJdkClient() throws Exception {
        Watcher watcher = startServer();
        CompletableFuture<String> jdkClosed = new CompletableFuture<>();
        java.net.http.WebSocket.Listener jdkListener = new java.net.http.WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
                jdkClosed.complete(statusCode + " " + reason);
                return null;   // answer the Close at once
            }

            @Override
            public void onError(java.net.http.WebSocket webSocket, Throwable error) {
                jdkClosed.completeExceptionally(error);
            }
        };
        java.net.http.WebSocket jdk = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), jdkListener)
                .get(5, TimeUnit.SECONDS);
        try {
            watcher.opened.get(5, TimeUnit.SECONDS).close(4000, "bye");
            assertThat(jdkClosed.get(5, TimeUnit.SECONDS)).as("the JDK client's close event").isEqualTo("4000 bye");
            Closed closed = watcher.closed.get(5, TimeUnit.SECONDS);
            assertThat(closed.wasClean()).isTrue();
            assertThat(closed.code()).isEqualTo(4000);
        } finally {
            jdk.abort();
        }
    }

    // ------------------------------------------------------------ (b) the server fails the connection

    @Test
    void failedConnectionDeliversItsCloseThenEndOfStreamWhileThePeerKeepsSending() throws Exception {
        Watcher watcher = startServer();
        try (RawPeer peer = new RawPeer(server.port()).open("/ws")) {
            watcher.opened.get(5, TimeUnit.SECONDS);
            // An unmasked frame (1002), and junk straight behind it, before reading anything:
            // unread input at the server when it closes.
            byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
            JunkWriter junk = new JunkWriter(peer.socket(), unmasked);

            RawClient.Frame close = peer.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
            assertEndOfStream(peer.socket(), "the server");
            // Junk goes on well after the end-of-stream: the server is still reading it.
            junk.sendMoreThenStop(JUNK);
            assertThat(watcher.closed).as("the server lingers until the peer is done").isNotDone();

            peer.socket().shutdownOutput();
            Closed closed = watcher.closed.get(5, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
            assertThat(closed.wasClean()).isFalse();
        }
    }

    @Test
    void closeQueuedBehindDataStillArrivesWhenThePeerKeepsSending() throws Exception {
        int size = 8 * 1024 * 1024;
        CompletableFuture<Long> queued = new CompletableFuture<>();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocketListener bulk = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                socket.send(new byte[size]);
                queued.complete(socket.bufferedAmount());
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                closed.complete(new Closed(code, reason, wasClean));
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/bulk", bulk)
                .closeTimeout(CLOSE_TIMEOUT)
                .start();
        // A small receive window, and no reading yet: most of the 8 MiB waits in the server's queue.
        try (RawPeer peer = new RawPeer(server.port(), 64 * 1024, 10_000).open("/bulk")) {
            peer.write(RawPeer.text("send"));
            assertThat(queued.get(5, TimeUnit.SECONDS)).as("bytes queued at the server").isPositive();
            byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
            JunkWriter junk = new JunkWriter(peer.socket(), unmasked);

            // Junk arrives all the while the server flushes its queue: were it to close with it
            // unread, its kernel would reset the connection and drop what it had not sent yet.
            RawClient.Frame data = peer.readFrame();
            assertThat(data.opcode()).isEqualTo(Opcode.BINARY);
            assertThat(data.payload()).hasSize(size);
            RawClient.Frame close = peer.readFrame();
            assertThat(close.opcode()).as("the Close frame behind the data").isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
            assertEndOfStream(peer.socket(), "the server");
            junk.sendMoreThenStop(JUNK);

            peer.socket().shutdownOutput();
            assertThat(closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
        }
    }

    /**
     * Sends {@code first}, then junk without pause from a thread of its own until stopped, as a
     * peer that has not noticed the close yet does. If the server stopped reading, or closed with
     * input unread (its kernel answers the next segment with a reset), the writes stall or fail,
     * and {@link #sendMoreThenStop} says so.
     */
    static final class JunkWriter {
        private final Thread thread;
        private final Object progress = new Object();
        private volatile boolean stopping;
        private long written;
        private Throwable failure;

        JunkWriter(Socket socket, byte[] first) {
            thread = new Thread(() -> run(socket, first), "junk-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(Socket socket, byte[] first) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(first);
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) 0xA5);
                while (!stopping) {
                    out.write(chunk);
                    synchronized (progress) {
                        written += chunk.length;
                        progress.notifyAll();
                    }
                }
            } catch (Throwable e) {
                synchronized (progress) {
                    failure = e;
                    progress.notifyAll();
                }
            }
        }

        /**
         * Waits until {@code more} bytes beyond those written so far have gone out, then stops;
         * fails if a write failed (a reset) or the writes stalled (nobody reading) for 10 s.
         */
        long sendMoreThenStop(long more) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                synchronized (progress) {
                    long target = written + more;
                    while (written < target && failure == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new AssertionError("the peer's writes stalled at " + written + " bytes: the server stopped reading");
                        }
                        TimeUnit.NANOSECONDS.timedWait(progress, left);
                    }
                    if (failure != null) {
                        throw new AssertionError("the peer could not go on sending after " + written
                                + " bytes: the server reset the connection", failure);
                    }
                    return written;
                }
            } finally {
                stopping = true;
                thread.join(10_000);
            }
        }
    }

    // ------------------------------------------------------------ (c) our client closes

    @Test
    void clientCloseIsFollowedByEndOfStreamAndTheServersCloseIsStillRead() throws Exception {
        Watcher watcher = new Watcher();
        client = new WebSocketClient(1);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<WebSocket> connecting = client.connect(
                    URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/raw"), watcher);
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(5_000);
                answerHandshake(peer);
                WebSocket socket = connecting.get(5, TimeUnit.SECONDS);

                socket.close(CloseStatus.NORMAL_CLOSURE, "");
                DataInputStream in = new DataInputStream(peer.getInputStream());
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                assertThat(first).as("a final Close frame").isEqualTo(0x80 | Opcode.CLOSE);
                assertThat(second & 0x80).as("masked, as a client must").isEqualTo(0x80);
                byte[] key = in.readNBytes(4);
                byte[] payload = RawPeer.mask(in.readNBytes(second & 0x7F), ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16)
                        | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF), 0);
                assertThat(payload).as("code 1000").containsExactly(0x03, 0xE8);
                assertEndOfStream(peer, "the client");
                assertThat(watcher.closed).as("the client waits for the server's Close").isNotDone();

                peer.getOutputStream().write(new byte[] {(byte) (0x80 | Opcode.CLOSE), 0x02, 0x03, (byte) 0xE8});
                peer.getOutputStream().flush();
            }
        }
        Closed closed = watcher.closed.get(5, TimeUnit.SECONDS);
        assertThat(closed.wasClean()).as("the client read our Close after shutting down its output").isTrue();
        assertThat(closed.code()).isEqualTo(CloseStatus.NORMAL_CLOSURE);
    }

    /** Reads the client's opening request and answers 101 with the right accept key. */
    private static void answerHandshake(Socket peer) throws IOException {
        String head = readHead(peer.getInputStream());
        String key = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        assertThat(key).as("the client's Sec-WebSocket-Key in %s", head).isNotNull();
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(key) + "\r\n\r\n";
        peer.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        peer.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed inside the head: " + head);
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------ (d) a plain HTTP answer

    @Test
    void httpAnswerOnTheSharedPortIsReadInFullThoughTheRequestBodyWasNeverRead() throws Exception {
        startServer();
        try (RawPeer peer = new RawPeer(server.port())) {
            // A GET with a body far over the limit that keeps coming while the answer is read: the
            // server answers 413 after the head and never reads the body.
            byte[] request = ("GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            JunkWriter body = new JunkWriter(peer.socket(), request);

            String head = peer.readHead();
            assertThat(head).startsWith("HTTP/1.1 413 ");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: close");
            int length = -1;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertThat(length).as("Content-Length").isPositive();
            byte[] content = new DataInputStream(peer.socket().getInputStream()).readNBytes(length);
            assertThat(content).as("the whole body").hasSize(length);
            assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("Request body larger than 1048576 bytes\n");
            assertEndOfStream(peer.socket(), "the server");
            body.sendMoreThenStop(JUNK);
        }
    }
}
