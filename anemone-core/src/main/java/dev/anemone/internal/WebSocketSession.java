package dev.anemone.internal;

import dev.anemone.ScheduledTask;
import dev.anemone.StreamingListener;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.SharedEncoder;
import dev.anemone.protocol.Utf8Validator;
import dev.anemone.protocol.WebSocketEngine;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * An open WebSocket connection as the application sees it, and the glue of its parts: a
 * {@link Transport} (bytes), a {@link WebSocketEngine} (the protocol), {@link SessionEvents} (the
 * way in) and {@link Sender} (the way out), its superclasses, and {@link Callbacks} (the boundary to
 * the application).
 * It also keeps the connection's timeouts, checked by the loop's sweep.
 *
 * <p>The public methods may be called from any thread: they check their arguments on the caller's
 * thread, then act at once on the loop thread or hand the work to it. Everything else runs on the
 * connection's loop.
 */
final class WebSocketSession extends Sender implements WebSocket, Callbacks.ReadPause {

    private static final Log LOG = Log.of(WebSocketSession.class);

    private final Transport transport;
    private final WebSocketEngine engine;
    private final SessionSettings settings;
    /**
     * The URI, subprotocol, extensions and headers, packed by {@link PackedHandshake}; replaced by
     * the same without headers once {@code onOpen} returns, unless the endpoint keeps them.
     */
    private volatile byte[] handshake;
    private final Callbacks callbacks;
    private final WebSocketListener listener;

    /** The {@link ReadyState#code()}: a byte rather than a reference, which saves a word per connection. */
    private volatile byte state = ReadyState.CONNECTING.code();
    /** The application has thrown on this connection: see {@link Callbacks.Target#hasFailed()}. */
    private volatile boolean applicationFailed;
    private volatile boolean closeRequested;
    private volatile boolean userPaused;
    /** Whether the callbacks' backlog wants reading paused, as last decided. */
    private volatile boolean backlogPaused;
    private volatile Object attachment;

    private long lastReadNanos;
    /**
     * While open, when the last heartbeat ping went out; once closing, when closing began. One
     * field serves both, since a closing connection sends no heartbeats.
     */
    private long timerStartNanos;
    private boolean awaitingPong;
    private boolean closeTimerStarted;
    /** This second's slot in the loop's {@link ReceiveRates}, if it still holds it; fits the object's padding. */
    private int rateSlot;

    WebSocketSession(Transport transport, Role role, SessionSettings settings, WebSocketListener listener,
                     Executor executor, HandshakeOutcome outcome, RandomGenerator maskKeys, Broadcaster broadcaster) {
        super(broadcaster);
        this.transport = transport;
        this.settings = settings;
        this.handshake = PackedHandshake.pack(outcome.uri(), outcome.protocol(), outcome.extensions(), outcome.headers());
        this.attachment = outcome.attachment();
        this.listener = listener;
        this.callbacks = Callbacks.of(executor, settings.maxPendingMessages(), this);
        this.engine = new WebSocketEngine(role, settings.engine(), this, this, maskKeys);
        engine.setMessageCodec(outcome.codec());
        engine.deliverInParts(listener instanceof StreamingListener);
    }

    /** Takes over the transport, opens, and processes bytes that came behind the handshake. Loop thread. */
    void start(ByteBuffer leftover) {
        transport.setHandler(this);
        long now = System.nanoTime();
        lastReadNanos = now;
        timerStartNanos = now;
        loop().addMember(this, settings.sweepIntervalNanos());
        engine.open();
        setState(ReadyState.OPEN);
        loop().counters().opened();
        callbacks.open(this);
        if (leftover != null && leftover.hasRemaining() && !transport.isClosed()) {
            onData(leftover);
        }
    }

    // ------------------------------------------------------------ the public API, any thread

    @Override
    public boolean send(String text) {
        requireOpened(text, "text");
        return submit(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean sendText(ByteBuffer utf8) {
        requireOpened(utf8, "utf8");
        // A text message echoed or relayed from inside the listener was validated on arrival.
        boolean validated = loop().inLoop() && loop().isTextBeingDelivered(utf8);
        if (!validated && !Utf8Validator.isValid(utf8, utf8.position(), utf8.limit())) {
            throw new IllegalArgumentException("not valid UTF-8");
        }
        return submit(true, utf8, false);
    }

    @Override
    public boolean send(ByteBuffer data) {
        requireOpened(data, "data");
        return submit(false, data, false);
    }

    @Override
    public boolean send(byte[] data) {
        requireOpened(data, "data");
        return submit(false, ByteBuffer.wrap(data), false);
    }

    @Override
    public boolean sendTextPart(CharSequence text, boolean last) {
        requireOpened(text, "text");
        if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            throw new IllegalArgumentException("a text part may not end inside a surrogate pair");
        }
        return submitPart(true, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), last, true);
    }

    @Override
    public boolean sendBinaryPart(ByteBuffer data, boolean last) {
        requireOpened(data, "data");
        return submitPart(false, data, last, false);
    }

    @Override
    public OutputStream sendBinaryStream() {
        requireOpened(this, "this");
        return new PartOutputStream(this);
    }

    @Override
    public boolean ping(byte[] payload) {
        requireOpened(payload, "payload");
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        if (closeRequested) {
            return false;
        }
        byte[] copy = payload.clone();
        loop().execute(() -> {
            if (readyState() != ReadyState.CLOSED) {
                fanOutPendingBroadcasts();
                engine.ping(ByteBuffer.wrap(copy));
            }
        });
        return true;
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
        loop().execute(() -> applyPause(SessionEvents.BY_APPLICATION, userPaused));
    }

    @Override
    public void resume() {
        userPaused = false;
        loop().execute(() -> applyPause(SessionEvents.BY_APPLICATION, userPaused));
    }

    @Override
    public boolean isPaused() {
        return userPaused;
    }

    @Override
    public ReadyState readyState() {
        return ReadyState.ofCode(state);
    }

    private void setState(ReadyState value) {
        state = value.code();
    }

    @Override
    public String protocol() {
        return PackedHandshake.protocol(handshake);
    }

    @Override
    public List<String> extensions() {
        return PackedHandshake.extensions(handshake);
    }

    @Override
    public URI uri() {
        return PackedHandshake.uri(handshake);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public HttpHeaders handshakeHeaders() {
        return PackedHandshake.headers(handshake);
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
    public void subscribe(String topic) {
        Broadcaster.serving(broadcaster()).subscribe(this, topic);
    }

    @Override
    public void unsubscribe(String topic) {
        Broadcaster.serving(broadcaster()).unsubscribe(this, topic);
    }

    @Override
    public Set<String> topics() {
        Broadcaster fanOut = broadcaster();
        return fanOut == null ? Set.of() : fanOut.topicsOf(this);
    }

    @Override
    public void publish(String topic, String text) {
        Broadcaster.serving(broadcaster()).registry().publish(topic, text, this);
    }

    @Override
    public void publish(String topic, ByteBuffer data) {
        Broadcaster.serving(broadcaster()).registry().publish(topic, data, this);
    }

    @Override
    public WebSocketServer server() {
        return settings.endpoint() == null ? null : settings.endpoint().server();
    }

    @Override
    public String endpoint() {
        return settings.endpoint() == null ? null : settings.endpoint().pattern().pattern();
    }

    @Override
    public String path() {
        return PathPattern.pathOf(PackedHandshake.uri(handshake));
    }

    @Override
    public String pathParam(String name) {
        return pathParams().get(Objects.requireNonNull(name, "name"));
    }

    @Override
    public Map<String, String> pathParams() {
        return settings.endpoint() == null ? Map.of() : settings.endpoint().pattern().values(path());
    }

    @Override
    public ScheduledTask schedule(Duration delay, Runnable task) {
        return ConnectionTimers.schedule(this, delay, null, task);
    }

    @Override
    public ScheduledTask scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        return ConnectionTimers.schedule(this, initialDelay, period, task);
    }

    @Override
    public String toString() {
        return "WebSocket[" + (engine.role() == Role.SERVER ? "from " : "to ") + ConnectionName.of(transport) + " "
                + PackedHandshake.uri(handshake).getRawPath() + "]";
    }

    private void requireOpened(Object message, String argument) {
        if (message == null) {
            throw new NullPointerException(argument + " is null: there is nothing to send");
        }
        if (readyState() == ReadyState.CONNECTING) {
            throw new IllegalStateException("the connection is not open yet");
        }
    }

    // ------------------------------------------------------------ for the connection's parts

    @Override
    Transport transport() {
        return transport;
    }

    @Override
    WebSocketEngine engine() {
        return engine;
    }

    /** See {@link ReceiveRates}. Loop thread only. */
    int rateSlot() {
        return rateSlot;
    }

    /** See {@link ReceiveRates}. Loop thread only. */
    void rateSlot(int slot) {
        rateSlot = slot;
    }

    EventLoop loop() {
        return transport.loop();
    }

    @Override
    Callbacks callbacks() {
        return callbacks;
    }

    SessionSettings settings() {
        return settings;
    }

    /** Bytes accepted for sending and not yet taken by the kernel, for metrics: unlike {@code bufferedAmount}, owes no drain. Any thread. */
    long bufferedBytes() {
        return buffered();
    }

    /** What encodes a message once for this connection and its like (see {@link Publication}), or null. */
    SharedEncoder sharedEncoder() {
        return engine.sharedEncoder();
    }

    /** Whether sending is over: a close was asked for or has begun. Any thread. */
    boolean isClosingOrClosed() {
        if (closeRequested) {
            return true;
        }
        ReadyState now = readyState();
        return now == ReadyState.CLOSING || now == ReadyState.CLOSED;
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
        if (readyState() == ReadyState.CLOSED) {
            return;
        }
        closeRequested = true;
        fanOutPendingBroadcasts();
        engine.close(code, reason);
        syncState();
        if (unpauseFully()) {
            readingResumed();
        }
    }

    /** Everything queued was written. Loop thread. */
    @Override
    void drained() {
        queueDrained();
        callbacks.drain(this);
    }

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
        return applicationFailed;
    }

    @Override
    public void openReturned() {
        ServerEndpoint endpoint = settings.endpoint();
        if (endpoint != null && !endpoint.endpoint().keepsHandshakeHeaders()) {
            handshake = endpoint.shared(PackedHandshake.withoutHeaders(handshake));
        }
    }

    @Override
    public void failed(Throwable error) {
        applicationFailed = true;
        loop().execute(() -> {
            LOG.warn("the application failed on " + this + "; closing it with 1011", error);
            callbacks.error(this, error);
            // 1011 and nothing more: the peer learns that we failed, not how.
            closeOnLoop(CloseStatus.INTERNAL_ERROR, "");
        });
    }

    @Override
    public void pauseForBacklog(boolean paused) {
        backlogPaused = paused;
        // The latest decision, not this one: a resume handed to the loop from the executor's
        // thread may run after a pause the loop decided and applied since.
        loop().execute(() -> applyPause(SessionEvents.BY_BACKLOG, backlogPaused));
    }

    private void applyPause(int reason, boolean paused) {
        if (readyState() == ReadyState.CLOSING || readyState() == ReadyState.CLOSED) {
            return;
        }
        if (updatePause(reason, paused)) {
            readingResumed();
        }
    }

    private void readingResumed() {
        // Time spent paused is not the peer's silence.
        lastReadNanos = System.nanoTime();
        syncState();
    }

    /** Bytes from the peer. Loop thread. */
    @Override
    void received(ByteBuffer data) {
        lastReadNanos = loop().roundNanos();
        awaitingPong = false;
        if (!loop().receiveRates().read(this, settings.receiveLimit(), data.remaining(), lastReadNanos)) {
            // Over the rate: what comes is dropped unread until the peer's second turns.
            closeOnLoop(CloseStatus.POLICY_VIOLATION, "receiving too many bytes a second");
            data.position(data.limit());
            return;
        }
        feed(data);
        syncState();
    }

    /** Counts a message received; false, closing with 1008, once the peer is over its message rate. Loop thread. */
    @Override
    boolean withinMessageRate() {
        if (loop().receiveRates().message(this, settings.receiveLimit())) {
            return true;
        }
        closeOnLoop(CloseStatus.POLICY_VIOLATION, "receiving too many messages a second");
        return false;
    }

    /** Mirrors the engine's state and starts the close timer when closing begins. Loop thread. */
    @Override
    void syncState() {
        ReadyState now = engine.readyState();
        // Written only when it changed: the field is volatile, and this runs after every read.
        if (state != now.code() && readyState() != ReadyState.CLOSED) {
            setState(now);
        }
        if (now == ReadyState.CLOSING && !closeTimerStarted) {
            closeTimerStarted = true;
            timerStartNanos = System.nanoTime();
        }
    }

    /** The engine's last word: the connection is over. Loop thread. */
    @Override
    void closed(int code, String reason, boolean wasClean) {
        setState(ReadyState.CLOSED);
        loop().counters().closed(code);
        loop().removeMember(this);
        ConnectionTimers.closed(this);
        ServerEndpoint endpoint = settings.endpoint();
        if (endpoint != null) {
            endpoint.sessionClosed(this);
        }
        callbacks.close(this, code, reason, wasClean);
    }

    // ------------------------------------------------------------ timeouts, loop thread

    @Override
    void sweep(long now) {
        if (readyState() == ReadyState.CLOSING) {
            if (closeTimerStarted && now - timerStartNanos > settings.engine().closeTimeout().toNanos()) {
                transport.close(null);
            }
            return;
        }
        if (readyState() != ReadyState.OPEN) {
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        if (idle > 0 && !isPaused() && now - lastReadNanos > idle) {
            closeOnLoop(CloseStatus.GOING_AWAY, "idle timeout");
            return;
        }
        long heartbeat = settings.heartbeat().toNanos();
        if (heartbeat > 0 && now - timerStartNanos >= heartbeat) {
            if (awaitingPong && !isPaused()) {
                transport.close(null);
                return;
            }
            awaitingPong = true;
            timerStartNanos = now;
            engine.ping(SocketTransport.EMPTY);
        }
    }
}
