package dev.anemone.internal;

import dev.anemone.StreamingListener;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.Utf8Validator;
import dev.anemone.protocol.WebSocketEngine;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * An open WebSocket connection as the application sees it, and the glue of its parts: a
 * {@link Transport} (bytes), a {@link WebSocketEngine} (the protocol), {@link SessionEvents} (the
 * way in), a {@link Sender} (the way out) and {@link Callbacks} (the boundary to the application).
 * It also keeps the connection's timeouts, checked by the loop's sweep.
 *
 * <p>The public methods may be called from any thread: they check their arguments on the caller's
 * thread, then act at once on the loop thread or hand the work to it. Everything else runs on the
 * connection's loop.
 */
final class WebSocketSession extends Sweepable implements WebSocket, Callbacks.Failures, Callbacks.ReadPause {

    private static final Log LOG = Log.of(WebSocketSession.class);

    private final Transport transport;
    private final WebSocketEngine engine;
    private final SessionSettings settings;
    private final PackedHandshake handshake;
    private final String protocol;
    private final List<String> extensions;
    private final Consumer<WebSocketSession> onClosed;
    private final Sender sender;
    private final SessionEvents events;
    private final Callbacks callbacks;

    private volatile ReadyState state = ReadyState.CONNECTING;
    private volatile boolean closeRequested;
    private volatile boolean userPaused;
    /** Whether the callbacks' backlog wants reading paused, as last decided. */
    private volatile boolean backlogPaused;
    private volatile Object attachment;

    private long lastReadNanos;
    private long lastPingNanos;
    private boolean awaitingPong;
    private long closingSinceNanos = -1;

    WebSocketSession(Transport transport, Role role, SessionSettings settings, WebSocketListener listener,
                     Executor executor, HandshakeOutcome outcome, RandomGenerator maskKeys, Broadcaster broadcaster,
                     Consumer<WebSocketSession> onClosed) {
        this.transport = transport;
        this.settings = settings;
        this.handshake = PackedHandshake.pack(outcome.uri(), outcome.headers());
        this.protocol = outcome.protocol() == null ? "" : outcome.protocol();
        this.extensions = List.copyOf(outcome.extensions());
        this.attachment = outcome.attachment();
        this.onClosed = onClosed;
        this.callbacks = Callbacks.of(listener, this, this, executor, settings.maxPendingMessages(), this);
        this.sender = new Sender(this, transport, broadcaster);
        this.events = new SessionEvents(this, transport);
        this.engine = new WebSocketEngine(role, settings.engine(), events, sender, maskKeys);
        engine.setMessageCodec(outcome.codec());
        engine.deliverInParts(listener instanceof StreamingListener);
        sender.attach(engine);
        events.attach(engine);
    }

    /** Takes over the transport, opens, and processes bytes that came behind the handshake. Loop thread. */
    void start(ByteBuffer leftover) {
        transport.setHandler(events);
        long now = System.nanoTime();
        lastReadNanos = now;
        lastPingNanos = now;
        loop().addMember(this, settings.sweepIntervalNanos());
        engine.open();
        state = ReadyState.OPEN;
        loop().counters().opened();
        callbacks.open();
        if (leftover != null && leftover.hasRemaining() && !transport.isClosed()) {
            events.onData(leftover);
        }
    }

    // ------------------------------------------------------------ the public API, any thread

    @Override
    public boolean send(String text) {
        requireOpened(text);
        return sender.submit(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean sendText(ByteBuffer utf8) {
        requireOpened(utf8);
        // A text message echoed or relayed from inside the listener was validated on arrival.
        boolean validated = loop().inLoop() && loop().isTextBeingDelivered(utf8);
        if (!validated && !Utf8Validator.isValid(utf8, utf8.position(), utf8.limit())) {
            throw new IllegalArgumentException("not valid UTF-8");
        }
        return sender.submit(true, utf8, false);
    }

    @Override
    public boolean send(ByteBuffer data) {
        requireOpened(data);
        return sender.submit(false, data, false);
    }

    @Override
    public boolean send(byte[] data) {
        requireOpened(data);
        return sender.submit(false, ByteBuffer.wrap(data), false);
    }

    @Override
    public boolean sendTextPart(CharSequence text, boolean last) {
        requireOpened(text);
        if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            throw new IllegalArgumentException("a text part may not end inside a surrogate pair");
        }
        return sender.submitPart(true, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), last, true);
    }

    @Override
    public boolean sendBinaryPart(ByteBuffer data, boolean last) {
        requireOpened(data);
        return sender.submitPart(false, data, last, false);
    }

    @Override
    public OutputStream sendBinaryStream() {
        requireOpened(this);
        return new PartOutputStream(sender);
    }

    @Override
    public boolean ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        requireOpened(payload);
        if (closeRequested) {
            return false;
        }
        byte[] copy = payload.clone();
        loop().execute(() -> {
            if (state != ReadyState.CLOSED) {
                sender.fanOutPendingBroadcasts();
                engine.ping(ByteBuffer.wrap(copy));
            }
        });
        return true;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL_CLOSURE, "");
    }

    @Override
    public void close(int code) {
        close(code, "");
    }

    @Override
    public void close(int code, String reason) {
        CloseStatus.checkApplicationClose(code, reason);
        closeRequested = true;
        loop().execute(() -> closeOnLoop(code, reason));
    }

    @Override
    public void terminate() {
        closeRequested = true;
        loop().execute(() -> transport.close(null));
    }

    @Override
    public void pause() {
        userPaused = true;
        loop().execute(() -> setPaused(SessionEvents.BY_APPLICATION, userPaused));
    }

    @Override
    public void resume() {
        userPaused = false;
        loop().execute(() -> setPaused(SessionEvents.BY_APPLICATION, userPaused));
    }

    @Override
    public boolean isPaused() {
        return userPaused;
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public long bufferedAmount() {
        return sender.bufferedAmount();
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public List<String> extensions() {
        return extensions;
    }

    @Override
    public URI uri() {
        return handshake.uri();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public HttpHeaders handshakeHeaders() {
        return handshake.headers();
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
    public String toString() {
        return "WebSocket[" + (engine.role() == Role.SERVER ? "from " : "to ") + ConnectionName.of(transport) + " "
                + handshake.uri().getRawPath() + "]";
    }

    private void requireOpened(Object message) {
        if (message == null) {
            throw new NullPointerException("nothing to send: the message is null");
        }
        if (state == ReadyState.CONNECTING) {
            throw new IllegalStateException("the connection is not open yet");
        }
    }

    // ------------------------------------------------------------ for the connection's parts

    Transport transport() {
        return transport;
    }

    EventLoop loop() {
        return transport.loop();
    }

    Callbacks callbacks() {
        return callbacks;
    }

    SessionSettings settings() {
        return settings;
    }

    /** Bytes accepted for sending and not yet taken by the kernel, for metrics: unlike {@code bufferedAmount}, owes no drain. Any thread. */
    long bufferedBytes() {
        return sender.buffered();
    }

    /** The send side of a broadcast: whole frames encoded once. Loop thread. */
    void sendEncoded(ByteBuffer frames) {
        sender.sendEncoded(frames);
    }

    /** Whether sending is over: a close was asked for or has begun. Any thread. */
    boolean isClosingOrClosed() {
        return closeRequested || state == ReadyState.CLOSING || state == ReadyState.CLOSED;
    }

    /** The server is shutting down: close with 1001. Any thread. */
    void closeForShutdown() {
        closeRequested = true;
        // Queued even on the loop thread: the session may not have opened yet.
        loop().submit(() -> closeOnLoop(ServerRuntime.SHUTDOWN_CODE, "server shutting down"));
    }

    /**
     * Starts the closing handshake, after any broadcast made before. Reading resumes if it was
     * paused, so that the peer's Close can be read. Loop thread.
     */
    void closeOnLoop(int code, String reason) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        closeRequested = true;
        sender.fanOutPendingBroadcasts();
        engine.close(code, reason);
        syncState();
        if (events.unpauseFully()) {
            readingResumed();
        }
    }

    /** Everything queued was written. Loop thread. */
    void drained() {
        sender.drained();
        callbacks.drain();
    }

    @Override
    public void applicationFailed(Throwable error) {
        loop().execute(() -> {
            LOG.warn("the application failed on " + this + "; closing it with 1011", error);
            callbacks.error(error);
            // 1011 and nothing more: the peer learns that we failed, not how.
            closeOnLoop(CloseStatus.INTERNAL_ERROR, "");
        });
    }

    @Override
    public void pauseForBacklog(boolean paused) {
        backlogPaused = paused;
        // The latest decision, not this one: a resume handed to the loop from the executor's
        // thread may run after a pause the loop decided and applied since.
        loop().execute(() -> setPaused(SessionEvents.BY_BACKLOG, backlogPaused));
    }

    private void setPaused(int reason, boolean paused) {
        if (state == ReadyState.CLOSING || state == ReadyState.CLOSED) {
            return;
        }
        if (events.setPaused(reason, paused)) {
            readingResumed();
        }
    }

    private void readingResumed() {
        // Time spent paused is not the peer's silence.
        lastReadNanos = System.nanoTime();
        syncState();
    }

    /** Bytes from the peer. Loop thread. */
    void received(ByteBuffer data) {
        lastReadNanos = System.nanoTime();
        awaitingPong = false;
        events.feed(data);
        syncState();
    }

    /** Mirrors the engine's state and starts the close timer when closing begins. Loop thread. */
    void syncState() {
        ReadyState now = engine.readyState();
        if (state != ReadyState.CLOSED) {
            state = now;
        }
        if (now == ReadyState.CLOSING && closingSinceNanos < 0) {
            closingSinceNanos = System.nanoTime();
        }
    }

    /** The engine's last word: the connection is over. Loop thread. */
    void closed(int code, String reason, boolean wasClean) {
        state = ReadyState.CLOSED;
        loop().counters().closed(code);
        loop().removeMember(this);
        onClosed.accept(this);
        callbacks.close(code, reason, wasClean);
    }

    // ------------------------------------------------------------ timeouts, loop thread

    @Override
    void sweep(long now) {
        if (state == ReadyState.CLOSING) {
            if (closingSinceNanos >= 0 && now - closingSinceNanos > settings.engine().closeTimeout().toNanos()) {
                transport.close(null);
            }
            return;
        }
        if (state != ReadyState.OPEN) {
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        if (idle > 0 && !events.isPaused() && now - lastReadNanos > idle) {
            closeOnLoop(CloseStatus.GOING_AWAY, "idle timeout");
            return;
        }
        long heartbeat = settings.heartbeat().toNanos();
        if (heartbeat > 0 && now - lastPingNanos >= heartbeat) {
            if (awaitingPong && !events.isPaused()) {
                transport.close(null);
                return;
            }
            awaitingPong = true;
            lastPingNanos = now;
            engine.ping(SocketTransport.EMPTY);
        }
    }
}
