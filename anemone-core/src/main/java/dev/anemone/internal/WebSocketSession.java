package dev.anemone.internal;

import dev.anemone.BackpressurePolicy;
import dev.anemone.MessageDroppedException;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.Utf8Validator;
import dev.anemone.protocol.WebSocketEngine;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * An open WebSocket connection: the glue between a {@link SocketTransport} (bytes), a
 * {@link WebSocketEngine} (the protocol) and the application's {@link WebSocketListener}.
 *
 * <p>Everything but the public {@link WebSocket} methods runs on the connection's loop. Those
 * methods check their arguments on the caller's thread, then act at once on the loop thread or
 * hand the work to it.
 */
final class WebSocketSession extends Sweepable implements WebSocket, EngineListener, Outbound, TransportHandler {

    private static final VarHandle HANDED_OVER;

    static {
        try {
            HANDED_OVER = MethodHandles.lookup().findVarHandle(WebSocketSession.class, "handedOver", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SocketTransport transport;
    private final EventLoop loop;
    private final WebSocketEngine engine;
    private final WebSocketListener listener;
    private final SessionSettings settings;
    private final PackedHandshake handshake;
    private final String protocol;
    private final List<String> extensions;
    /** The server's fan-out on this loop, or null on a client. */
    private final Broadcaster broadcaster;
    private final Consumer<WebSocketSession> onClosed;

    private volatile ReadyState state = ReadyState.CONNECTING;
    private volatile boolean closeRequested;
    private volatile Object attachment;
    /**
     * Bytes handed over from other threads and not yet given to the engine; a field updated
     * through {@link #HANDED_OVER} rather than an AtomicLong, one object less per connection.
     */
    private volatile long handedOver;

    /** The text message being delivered, already validated, while onTextUtf8 runs; loop thread only. */
    private ByteBuffer receivedText;
    private int receivedFrom;
    private int receivedTo;
    private long lastReadNanos;
    private long lastPingNanos;
    private boolean awaitingPong;
    private long closingSinceNanos = -1;

    WebSocketSession(SocketTransport transport, Role role, SessionSettings settings, WebSocketListener listener,
                     HandshakeOutcome outcome, RandomGenerator maskKeys, Broadcaster broadcaster,
                     Consumer<WebSocketSession> onClosed) {
        this.transport = transport;
        this.loop = transport.loop();
        this.settings = settings;
        this.listener = listener;
        this.handshake = PackedHandshake.pack(outcome.uri(), outcome.headers());
        this.protocol = outcome.protocol() == null ? "" : outcome.protocol();
        this.extensions = List.copyOf(outcome.extensions());
        this.attachment = outcome.attachment();
        this.broadcaster = broadcaster;
        this.onClosed = onClosed;
        this.engine = new WebSocketEngine(role, settings.engine(), this, this, maskKeys);
        engine.setMessageCodec(outcome.codec());
    }

    /** Takes over the transport, opens, and processes bytes that came behind the handshake. Loop thread. */
    void start(ByteBuffer leftover) {
        transport.setHandler(this);
        long now = System.nanoTime();
        lastReadNanos = now;
        lastPingNanos = now;
        loop.addMember(this, settings.sweepIntervalNanos());
        engine.open();
        state = ReadyState.OPEN;
        listener.onOpen(this);
        if (leftover != null && leftover.hasRemaining() && !transport.isClosed()) {
            onData(leftover);
        }
    }

    // ------------------------------------------------------------ the public API, any thread

    @Override
    public boolean send(String text) {
        requireOpened();
        return submit(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean sendText(ByteBuffer utf8) {
        requireOpened();
        boolean justReceived = utf8 == receivedText && utf8.position() == receivedFrom && utf8.limit() == receivedTo;
        // A text message being echoed or relayed from inside onTextUtf8 was validated on arrival.
        if (!justReceived && !Utf8Validator.isValid(utf8, utf8.position(), utf8.limit())) {
            throw new IllegalArgumentException("not valid UTF-8");
        }
        return submit(true, utf8, false);
    }

    @Override
    public boolean send(ByteBuffer data) {
        requireOpened();
        return submit(false, data, false);
    }

    @Override
    public boolean send(byte[] data) {
        requireOpened();
        return submit(false, ByteBuffer.wrap(data), false);
    }

    @Override
    public boolean ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes, not " + payload.length);
        }
        requireOpened();
        if (closeRequested) {
            return false;
        }
        byte[] copy = payload.clone();
        loop.execute(() -> {
            if (state != ReadyState.CLOSED) {
                fanOutPendingBroadcasts();
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
        loop.execute(() -> closeOnLoop(code, reason));
    }

    @Override
    public void terminate() {
        closeRequested = true;
        loop.execute(() -> transport.close(null));
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public long bufferedAmount() {
        return transport.queuedBytes() + handedOver;
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
    public SocketAddress remoteAddress() {
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

    /**
     * Sends whole frames encoded once for many receivers (a broadcast), if this connection is
     * open. Loop thread only; {@code frames} is consumed, so the caller rewinds it for the next.
     */
    void sendEncoded(ByteBuffer frames) {
        // Not refused on closeRequested: a close asked for after the broadcast goes out after it.
        if (state != ReadyState.OPEN) {
            return;
        }
        if (!fitsSendBuffer(frames.remaining())) {
            overLimit();
            return;
        }
        engine.sendEncodedFrame(frames);
    }

    /** Lets broadcasts made before this write go out first. Loop thread. */
    private void fanOutPendingBroadcasts() {
        if (broadcaster != null) {
            broadcaster.fanOutPending();
        }
    }

    /** The server is shutting down: close with 1001. Any thread. */
    void closeForShutdown() {
        closeRequested = true;
        // Queued even on the loop thread: the session may not have opened yet.
        loop.submit(() -> closeOnLoop(ServerRuntime.SHUTDOWN_CODE, "server shutting down"));
    }

    EventLoop loop() {
        return loop;
    }

    SocketTransport transport() {
        return transport;
    }

    private void requireOpened() {
        if (state == ReadyState.CONNECTING) {
            throw new IllegalStateException("the connection is not open yet");
        }
    }

    private boolean submit(boolean text, ByteBuffer payload, boolean owned) {
        if (closeRequested || state == ReadyState.CLOSING || state == ReadyState.CLOSED) {
            reportDropped("the connection is closing");
            return false;
        }
        int size = payload.remaining();
        if (!fitsSendBuffer(size)) {
            loop.execute(this::overLimit);
            return false;
        }
        if (loop.inLoop()) {
            return sendOnLoop(text, payload);
        }
        ByteBuffer mine = owned ? payload : ByteBuffer.allocate(size).put(payload.duplicate()).flip();
        HANDED_OVER.getAndAdd(this, size);
        loop.submit(() -> {
            HANDED_OVER.getAndAdd(this, -size);
            sendOnLoop(text, mine);
        });
        return true;
    }

    /** Whether {@code size} more bytes stay within the send buffer limit. */
    private boolean fitsSendBuffer(int size) {
        return bufferedAmount() + size <= settings.maxBufferedBytes();
    }

    private boolean sendOnLoop(boolean text, ByteBuffer payload) {
        fanOutPendingBroadcasts();
        boolean sent = state != ReadyState.CLOSED && (text ? engine.sendText(payload) : engine.sendBinary(payload));
        if (!sent) {
            listener.onError(this, new MessageDroppedException("the connection is closing"));
        }
        return sent;
    }

    private void overLimit() {
        String why = "send buffer limit of " + settings.maxBufferedBytes() + " bytes reached";
        listener.onError(this, new MessageDroppedException(why));
        if (settings.policy() == BackpressurePolicy.CLOSE && state == ReadyState.OPEN) {
            closeRequested = true;
            engine.close(CloseStatus.POLICY_VIOLATION, "send buffer limit reached");
            syncState();
        }
    }

    private void reportDropped(String why) {
        loop.execute(() -> listener.onError(this, new MessageDroppedException(why)));
    }

    private void closeOnLoop(int code, String reason) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        fanOutPendingBroadcasts();
        engine.close(code, reason);
        syncState();
    }

    /** Mirrors the engine's state and starts the close timer when closing begins. */
    private void syncState() {
        ReadyState now = engine.readyState();
        if (state != ReadyState.CLOSED) {
            state = now;
        }
        if (now == ReadyState.CLOSING && closingSinceNanos < 0) {
            closingSinceNanos = System.nanoTime();
        }
    }

    // ------------------------------------------------------------ transport events, loop thread

    @Override
    public void onData(ByteBuffer data) {
        lastReadNanos = System.nanoTime();
        awaitingPong = false;
        engine.receive(data);
        syncState();
    }

    @Override
    public void onEof() {
        transport.close(null);
    }

    @Override
    public void onDrained() {
        listener.onDrain(this);
    }

    @Override
    public void onClosed(IOException cause) {
        if (cause != null && !engine.isInputClosed()) {
            listener.onError(this, cause);
        }
        engine.transportClosed();
    }

    // ------------------------------------------------------------ engine events, loop thread

    @Override
    public void write(ByteBuffer header, ByteBuffer payload) {
        transport.write(header, payload);
    }

    @Override
    public ByteBuffer headerBuffer() {
        // The engine runs on the loop thread only, and the transport writes or copies the header
        // before write() returns, so every session of the loop can share one.
        return loop.frameHeader();
    }

    @Override
    public void closeTransport() {
        transport.closeAfterFlush();
    }

    @Override
    public void onText(ByteBuffer utf8) {
        receivedText = utf8;
        receivedFrom = utf8.position();
        receivedTo = utf8.limit();
        try {
            listener.onTextUtf8(this, utf8);
        } finally {
            receivedText = null;
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        listener.onBinary(this, data);
    }

    @Override
    public void onPing(ByteBuffer payload) {
        listener.onPing(this, payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        listener.onPong(this, payload);
    }

    @Override
    public void onCloseFrame(int code, String reason) {
        syncState();
    }

    @Override
    public void onFailure(ProtocolException failure) {
        syncState();
        listener.onError(this, failure);
    }

    @Override
    public void onClosed(int code, String reason, boolean wasClean) {
        state = ReadyState.CLOSED;
        loop.removeMember(this);
        onClosed.accept(this);
        listener.onClose(this, code, reason, wasClean);
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
        if (idle > 0 && now - lastReadNanos > idle) {
            engine.close(CloseStatus.GOING_AWAY, "idle timeout");
            syncState();
            return;
        }
        long heartbeat = settings.heartbeat().toNanos();
        if (heartbeat > 0 && now - lastPingNanos >= heartbeat) {
            if (awaitingPong) {
                transport.close(null);
                return;
            }
            awaitingPong = true;
            lastPingNanos = now;
            engine.ping(SocketTransport.EMPTY);
        }
    }
}
