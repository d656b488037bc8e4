package dev.anemone.interop;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The JDK's {@code java.net.http.WebSocket} client, run in process but reporting and taking
 * {@link Commands} as the external peers do. Sends run one after another, as the JDK requires.
 * The JDK has no {@code wasClean}: it calls {@code onClose} only when a Close frame arrived, and
 * answers it itself, so that is reported as a clean close; {@code onError} as an unclean one.
 */
final class JdkClientPeer implements Peer, WebSocket.Listener {

    /** The JDK answers a Close with the same code and an empty reason (WebSocketImpl.sendCloseSilently). */
    static final String REASON_IN_CLOSE_REPLY = "";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** For wss://, trusting the interop tests' certificate, and checking the host name as always. */
    private static final HttpClient HTTPS = HttpClient.newBuilder()
            .sslContext(InteropTls.client().tls().sslContext()).build();

    private final EventLog events = new EventLog("JDK client");
    private final CompletableFuture<WebSocket> opened;
    private CompletableFuture<WebSocket> sends;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    private JdkClientPeer(URI uri, List<String> protocols) {
        WebSocket.Builder builder = (uri.getScheme().equals("wss") ? HTTPS : HTTP).newWebSocketBuilder();
        if (!protocols.isEmpty()) {
            builder.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
        }
        opened = builder.buildAsync(uri, this);
        opened.whenComplete((socket, failure) -> {
            if (failure == null) {
                events.add(Event.of("open", "protocol", socket.getSubprotocol()));
            } else if (unwrap(failure) instanceof WebSocketHandshakeException refused) {
                events.add(Event.of("handshake-failed", "status", (long) refused.getResponse().statusCode()));
            } else {
                events.add(Event.of("error", "message", String.valueOf(failure)));
            }
        });
        sends = opened;
    }

    /** Connects to {@code uri} offering {@code protocols}; the outcome is reported as an event. */
    static JdkClientPeer connect(URI uri, List<String> protocols) {
        return new JdkClientPeer(uri, protocols);
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public synchronized void command(String line) {
        String[] words = line.split(":", 4);
        Function<WebSocket, CompletableFuture<WebSocket>> step = switch (words[0]) {
            case "send" -> socket -> words[1].equals("text")
                    ? socket.sendText(new String(Payloads.text(size(words[2])), StandardCharsets.UTF_8), true)
                    : socket.sendBinary(ByteBuffer.wrap(Payloads.binary(size(words[2]))), true);
            case "fragments" -> socket -> sendFragments(socket, words[1], size(words[2]), size(words[3]));
            case "ping" -> socket -> socket.sendPing(ByteBuffer.wrap(HexFormat.of().parseHex(words[1])));
            case "close" -> socket -> socket.sendClose(size(words[1]), line.split(":", 3)[2]);
            default -> throw new IllegalArgumentException("unknown command: " + line);
        };
        sends = sends.thenCompose(step);
        sends.exceptionally(failure -> {
            events.add(Event.of("error", "message", "'" + line + "' failed: " + failure));
            return null;
        });
    }

    @Override
    public void close() {
        opened.thenAccept(WebSocket::abort);
        opened.cancel(true);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messageArrived("text", text.toString().getBytes(StandardCharsets.UTF_8));
            text.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            messageArrived("binary", binary.toByteArray());
            binary.reset();
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
        events.add(Event.of("ping", "payload", Payloads.hex(message)));
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
        events.add(Event.of("pong", "payload", Payloads.hex(message)));
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        events.add(Event.of("close", "code", (long) statusCode, "reason", reason, "wasClean", true));
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add(Event.of("error", "message", String.valueOf(error)));
        events.add(Event.of("close", "code", 1006L, "reason", "", "wasClean", false));
    }

    private void messageArrived(String type, byte[] data) {
        events.add(Event.of("message", "type", type, "length", (long) data.length, "sha256", Payloads.sha256(data)));
    }

    /** The generated message in {@code count} parts, cut between characters for text. */
    private static CompletableFuture<WebSocket> sendFragments(WebSocket socket, String type, int size, int count) {
        CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(socket);
        if (type.equals("binary")) {
            byte[] data = Payloads.binary(size);
            for (int k = 0; k < count; k++) {
                ByteBuffer part = ByteBuffer.wrap(data, k * size / count, (k + 1) * size / count - k * size / count);
                boolean last = k == count - 1;
                chain = chain.thenCompose(s -> s.sendBinary(part, last));
            }
        } else {
            String data = new String(Payloads.text(size), StandardCharsets.UTF_8);
            List<Integer> cuts = new ArrayList<>();
            for (int k = 0; k <= count; k++) {
                int cut = k * data.length() / count;
                cuts.add(cut < data.length() && Character.isLowSurrogate(data.charAt(cut)) ? cut + 1 : cut);
            }
            for (int k = 0; k < count; k++) {
                String part = data.substring(cuts.get(k), cuts.get(k + 1));
                boolean last = k == count - 1;
                chain = chain.thenCompose(s -> s.sendText(part, last));
            }
        }
        return chain;
    }

    private static int size(String word) {
        return Integer.parseInt(word);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
