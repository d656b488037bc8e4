package dev.anemone.internal;

import dev.anemone.ScheduledTask;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a client's listener is given when a connection fails before it opens, as the browser's
 * WebSocket object goes from CONNECTING to CLOSED: its URI and target, and nothing else. It is
 * {@code CLOSED}; sends return false, as on any closed connection, reading, closing and timers
 * do nothing, and topics are refused as on any client's connection.
 */
final class NeverOpenedSocket implements WebSocket, Callbacks.Target {

    private static final ScheduledTask NEVER = new ScheduledTask() {
        @Override
        public boolean cancel() {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }
    };

    private final URI uri;
    private final InetSocketAddress target;
    private final WebSocketListener listener;
    private volatile Object attachment;

    NeverOpenedSocket(URI uri, String host, int port, WebSocketListener listener) {
        this.uri = uri;
        this.target = InetSocketAddress.createUnresolved(host, port);
        this.listener = listener;
    }

    // ------------------------------------------------------------ for the boundary, which tells only of the failure

    @Override
    public WebSocket socket() {
        return this;
    }

    @Override
    public WebSocketListener listener() {
        return listener;
    }

    @Override
    public boolean hasFailed() {
        return false;
    }

    @Override
    public void failed(Throwable error) {
        // Only onError and onClose are called, and the boundary catches what they throw itself.
    }

    // ------------------------------------------------------------ the closed connection

    private static boolean dropped(Object message, String argument) {
        Objects.requireNonNull(message, () -> argument + " is null: there is nothing to send");
        return false;
    }

    @Override
    public boolean send(String text) {
        return dropped(text, "text");
    }

    @Override
    public boolean sendText(ByteBuffer utf8) {
        return dropped(utf8, "utf8");
    }

    @Override
    public boolean send(ByteBuffer data) {
        return dropped(data, "data");
    }

    @Override
    public boolean send(byte[] data) {
        return dropped(data, "data");
    }

    @Override
    public boolean sendTextPart(CharSequence text, boolean last) {
        return dropped(text, "text");
    }

    @Override
    public boolean sendBinaryPart(ByteBuffer data, boolean last) {
        return dropped(data, "data");
    }

    @Override
    public OutputStream sendBinaryStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the connection never opened");
            }
        };
    }

    @Override
    public boolean ping(byte[] payload) {
        return dropped(payload, "payload");
    }

    @Override
    public void close(int code, String reason) {
    }

    @Override
    public void terminate() {
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public boolean isPaused() {
        return false;
    }

    @Override
    public ReadyState readyState() {
        return ReadyState.CLOSED;
    }

    @Override
    public long bufferedAmount() {
        return 0;
    }

    @Override
    public String protocol() {
        return "";
    }

    @Override
    public List<String> extensions() {
        return List.of();
    }

    @Override
    public URI uri() {
        return uri;
    }

    /** The address it was to connect to, unresolved. */
    @Override
    public InetSocketAddress remoteAddress() {
        return target;
    }

    @Override
    public HttpHeaders handshakeHeaders() {
        return new HttpHeaders();
    }

    @Override
    public void subscribe(String topic) {
        Broadcaster.serving(null);
    }

    @Override
    public void unsubscribe(String topic) {
        Broadcaster.serving(null);
    }

    @Override
    public Set<String> topics() {
        return Set.of();
    }

    @Override
    public void publish(String topic, String text) {
        Broadcaster.serving(null);
    }

    @Override
    public void publish(String topic, ByteBuffer data) {
        Broadcaster.serving(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attach(Object value) {
        attachment = value;
    }

    @Override
    public WebSocketServer server() {
        return null;
    }

    @Override
    public String endpoint() {
        return null;
    }

    @Override
    public String path() {
        return PathPattern.pathOf(uri);
    }

    @Override
    public String pathParam(String name) {
        return null;
    }

    @Override
    public Map<String, String> pathParams() {
        return Map.of();
    }

    @Override
    public ScheduledTask schedule(Duration delay, Runnable task) {
        return NEVER;
    }

    @Override
    public ScheduledTask scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        return NEVER;
    }

    @Override
    public String toString() {
        return "WebSocket[to " + target + " " + path() + ", never opened]";
    }
}
