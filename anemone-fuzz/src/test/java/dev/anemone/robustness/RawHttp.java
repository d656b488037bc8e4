package dev.anemone.robustness;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A raw-socket HTTP peer that sends exactly the bytes a test needs, on loopback only. */
final class RawHttp {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private RawHttp() {
    }

    /** A server on 127.0.0.1 with an echo endpoint at /echo and whatever else the builder says. */
    static WebSocketServer.Builder echoServer() {
        return WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .eventLoops(1)
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.send(text);
                    }
                });
    }

    /** A well-formed upgrade request head, without its final blank line, for /echo. */
    static String upgradeHead(int port) {
        return "GET /echo HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n";
    }

    /** What came back: the response head and whether the server then closed the connection. */
    record Answer(String head, boolean closedByServer, long millis) {
        int status() {
            if (head.length() < 12 || !head.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /**
     * Connects, writes {@code request} from a writer thread (the server may stop reading and close
     * long before it is all sent: a write error then is expected and ignored) while reading the
     * answer on this thread, and times from the first byte written to the end of the response head.
     */
    static Answer exchange(int port, byte[] request, Duration timeout) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int at = 0; at < request.length; at += 64 * 1024) {
                        out.write(request, at, Math.min(64 * 1024, request.length - at));
                    }
                    out.flush();
                } catch (IOException stoppedByServer) {
                    // The server refused and closed while we were still sending: that is the point.
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            long headMillis = -1;
            boolean closed = false;
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    if (headMillis < 0 && endsWithBlankLine(head)) {
                        headMillis = (System.nanoTime() - start) / 1_000_000;
                        break;
                    }
                }
                if (b < 0) {
                    closed = true;
                } else if (head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101 ")) {
                    closed = false;   // upgraded: the connection stays open until we close it
                } else {
                    // Drain the body, then expect the server to close.
                    byte[] rest = new byte[8192];
                    while (in.read(rest) >= 0) {
                        // discard
                    }
                    closed = true;
                }
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (IOException reset) {
                // A reset after the answer still means the server closed the connection.
                closed = head.size() > 0;
            }
            writer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(head.toString(StandardCharsets.ISO_8859_1), closed,
                    headMillis < 0 ? (System.nanoTime() - start) / 1_000_000 : headMillis);
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] b = bytes.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    /** A complete, well-behaved WebSocket session with the JDK's client: handshake, echo, close. */
    static void assertServerStillServes(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        java.net.http.WebSocket ws = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                })
                .get(5, TimeUnit.SECONDS);
        ws.sendText("still here", true).get(5, TimeUnit.SECONDS);
        String reply = echoed.get(5, TimeUnit.SECONDS);
        ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        if (!reply.equals("still here")) {
            throw new AssertionError("echo answered '" + reply + "'");
        }
    }
}
