package dev.anemone.sockjs.internal;

import dev.anemone.ScheduledTask;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.ReadyState;
import dev.anemone.protocol.Utf8Validator;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One SockJS session, which the application sees as a {@link WebSocket}: messages queue here
 * until a receiver (a polling or streaming response, or a WebSocket) takes them as frames.
 *
 * <p>The state lives under the session's lock, since requests for one session arrive on any
 * event loop, timers fire on the timer thread, and the application sends from anywhere.
 * Callbacks are queued under the lock and run outside it, one at a time ({@link CallbackQueue}).
 */
public final class Session implements WebSocket {

    /** The reason of the close frame sessions get when the server stops, as WebSockets get it. */
    public static final String GOING_AWAY_REASON = "server shutting down";

    private final String id;
    private final SockJsContext context;
    private final Origin origin;
    private final CallbackQueue callbacks = new CallbackQueue();
    private final ListenerBoundary boundary;

    private ReadyState state = ReadyState.CONNECTING;
    private Receiver receiver;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private final ArrayDeque<String> inbox = new ArrayDeque<>();
    private boolean paused;
    private String closeFrame;
    private int closeCode;
    private String closeReason;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> heartbeat;
    private StringBuilder textInParts;
    private volatile Object attachment;

    /**
     * A session that is not yet open.
     *
     * @param id its id in the session table, or null for a session that lives on one WebSocket
     * @param origin the request that created it
     */
    public Session(String id, SockJsContext context, Origin origin) {
        this.id = id;
        this.context = context;
        this.origin = origin;
        this.boundary = new ListenerBoundary(context.listener(), this);
    }

    /** The id in the session table, or null. */
    public String id() {
        return id;
    }

    /** The client's address, as the request that created the session came from. */
    public Origin origin() {
        return origin;
    }

    // ------------------------------------------------------------ the transports' side

    /**
     * Hands the session a receiver for its frames. A session that has one already answers the new
     * one with 2010 "Another connection still open"; a closed one answers with its close frame.
     */
    public void attach(Receiver newReceiver) {
        synchronized (this) {
            take(newReceiver);
        }
        callbacks.drain();
    }

    // guarded by this
    private void take(Receiver newReceiver) {
        newReceiver.begin();
        if (receiver != null) {
            newReceiver.send(Frames.ANOTHER_CONNECTION);
            newReceiver.end(2010, "Another connection still open");
            return;
        }
        if (closeFrame != null) {
            // What was sent before the close goes first; a poll takes it now and the close frame next time.
            boolean more = outbox.isEmpty() || newReceiver.send(Frames.messages(new ArrayList<>(outbox)));
            outbox.clear();
            outboxBytes = 0;
            if (more) {
                newReceiver.send(closeFrame);
            }
            newReceiver.end(closeCode, closeReason);
            if (more && state == ReadyState.CLOSING) {
                closed(closeCode, closeReason, true);
            }
            return;
        }
        cancelTimeout();
        receiver = newReceiver;
        if (state == ReadyState.CONNECTING) {
            state = ReadyState.OPEN;
            long beat = context.options().heartbeat().toNanos();
            heartbeat = context.timer().scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.NANOSECONDS);
            callbacks.offer(boundary::open);
            if (!newReceiver.send(Frames.OPEN)) {
                release(newReceiver);
            }
        }
        flush();
    }

    /**
     * The receiver's client went away before the receiver was done (an aborted request, a closed
     * WebSocket): the session closes at once, as sockjs does, with what the client said if it
     * said anything.
     */
    public void lost(Receiver lostReceiver, int code, String reason, boolean wasClean) {
        synchronized (this) {
            if (receiver != lostReceiver) {
                return;
            }
            receiver = null;
            if (state == ReadyState.CLOSED) {
                return;
            }
            closeFrame = Frames.close(code, reason);
            closed(code, reason, wasClean);
            forget();
        }
        callbacks.drain();
    }

    /** Messages a client sent, delivered in order (held while the application has paused). */
    public void receive(List<String> messages) {
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                return;
            }
            for (String message : messages) {
                if (paused) {
                    if (inbox.size() >= context.options().maxQueuedMessages()) {
                        closeWith(CloseStatus.POLICY_VIOLATION, "Too many messages waiting");
                        break;
                    }
                    inbox.add(message);
                } else {
                    callbacks.offer(() -> boundary.text(message));
                }
            }
        }
        callbacks.drain();
    }

    /** Whether the session can still take sends from its client. */
    public synchronized boolean isOpen() {
        return state == ReadyState.OPEN;
    }

    // guarded by this
    private void flush() {
        if (receiver == null || outbox.isEmpty()) {
            return;
        }
        String frame = Frames.messages(new ArrayList<>(outbox));
        outbox.clear();
        outboxBytes = 0;
        Receiver current = receiver;
        if (!current.send(frame)) {
            release(current);
        }
    }

    // guarded by this: the receiver is done; the client is expected back within the disconnect delay
    private void release(Receiver done) {
        if (receiver == done) {
            receiver = null;
            done.end(1000, "");
            scheduleTimeout();
        }
    }

    private void beat() {
        synchronized (this) {
            if (receiver != null && state == ReadyState.OPEN && !receiver.send(Frames.HEARTBEAT)) {
                release(receiver);
            }
        }
    }

    // guarded by this
    private void scheduleTimeout() {
        cancelTimeout();
        timeout = context.timer().schedule(this::timedOut, context.options().disconnectDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    // guarded by this
    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void timedOut() {
        synchronized (this) {
            if (receiver != null) {
                return;
            }
            if (state == ReadyState.CLOSING) {
                closed(closeCode, closeReason, false);
            } else if (state != ReadyState.CLOSED) {
                closeFrame = Frames.close(CloseStatus.ABNORMAL_CLOSURE, "Session timed out");
                closed(CloseStatus.ABNORMAL_CLOSURE, "", false);
            }
            forget();
        }
        callbacks.drain();
    }

    // guarded by this: the application hears of the close once
    private void closed(int code, String reason, boolean wasClean) {
        state = ReadyState.CLOSED;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        outbox.clear();
        outboxBytes = 0;
        inbox.clear();
        context.topics().unsubscribeAll(this);
        callbacks.offer(() -> boundary.close(code, reason, wasClean));
    }

    // guarded by this: out of the session table, and its address's count
    private void forget() {
        cancelTimeout();
        context.sessions().remove(this);
    }

    // guarded by this: starts closing with any code (the application's close checks its own)
    void closeWith(int code, String reason) {
        if (state == ReadyState.CLOSING || state == ReadyState.CLOSED) {
            return;
        }
        state = ReadyState.CLOSING;
        closeCode = code;
        closeReason = reason;
        closeFrame = Frames.close(code, reason);
        if (receiver != null) {
            flush();
        }
        if (receiver != null) {
            Receiver current = receiver;
            receiver = null;
            current.send(closeFrame);
            current.end(code, reason);
            closed(code, reason, true);
            // Stays in the table for the disconnect delay, so that a receiver arriving late gets the close frame.
            scheduleTimeout();
        } else if (timeout == null) {
            scheduleTimeout();
        }
    }

    /** Closes because the server is stopping: 1001, as a WebSocket would. */
    public void goingAway() {
        synchronized (this) {
            closeWith(CloseStatus.GOING_AWAY, GOING_AWAY_REASON);
        }
        callbacks.drain();
    }

    /** Closes for a callback that threw: 1011, as a WebSocket would. */
    void failed() {
        synchronized (this) {
            closeWith(CloseStatus.INTERNAL_ERROR, "Internal error");
        }
        callbacks.drain();
    }

    // ------------------------------------------------------------ WebSocket

    @Override
    public boolean send(String text) {
        Objects.requireNonNull(text, "text");
        synchronized (this) {
            if (state == ReadyState.CONNECTING) {
                throw new IllegalStateException("The session is not open yet");
            }
            if (state != ReadyState.OPEN) {
                return false;
            }
            if (outbox.size() >= context.options().maxQueuedMessages()) {
                closeWith(CloseStatus.POLICY_VIOLATION, "Too many messages waiting");
                return false;
            }
            outbox.add(text);
            outboxBytes += utf8Length(text);
            flush();
        }
        callbacks.drain();
        return true;
    }

    private static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return bytes;
    }

    @Override
    public boolean sendText(ByteBuffer utf8) {
        Objects.requireNonNull(utf8, "utf8");
        if (!Utf8Validator.isValid(utf8, utf8.position(), utf8.limit())) {
            throw new IllegalArgumentException("The bytes are not valid UTF-8");
        }
        return send(StandardCharsets.UTF_8.decode(utf8.duplicate()).toString());
    }

    /** SockJS carries text only. @throws UnsupportedOperationException always */
    @Override
    public boolean send(ByteBuffer data) {
        throw binary();
    }

    /** SockJS carries text only. @throws UnsupportedOperationException always */
    @Override
    public boolean send(byte[] data) {
        throw binary();
    }

    @Override
    public boolean sendTextPart(CharSequence text, boolean last) {
        Objects.requireNonNull(text, "text");
        String whole;
        synchronized (this) {
            if (textInParts == null) {
                textInParts = new StringBuilder();
            }
            textInParts.append(text);
            if (!last) {
                return state == ReadyState.OPEN;
            }
            whole = textInParts.toString();
            textInParts = null;
        }
        return send(whole);
    }

    /** SockJS carries text only. @throws UnsupportedOperationException always */
    @Override
    public boolean sendBinaryPart(ByteBuffer data, boolean last) {
        throw binary();
    }

    /** SockJS carries text only. @throws UnsupportedOperationException always */
    @Override
    public OutputStream sendBinaryStream() {
        throw binary();
    }

    private static UnsupportedOperationException binary() {
        return new UnsupportedOperationException("SockJS carries text messages only");
    }

    /** SockJS has no pings (the server's heartbeat frames keep sessions alive): returns false. */
    @Override
    public boolean ping(byte[] payload) {
        return false;
    }

    @Override
    public void close(int code, String reason) {
        CloseStatus.checkApplicationClose(code, reason);
        synchronized (this) {
            closeWith(code, reason);
        }
        callbacks.drain();
    }

    @Override
    public void terminate() {
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                return;
            }
            if (receiver != null) {
                Receiver current = receiver;
                receiver = null;
                current.end(CloseStatus.ABNORMAL_CLOSURE, "");
            }
            closeFrame = Frames.close(CloseStatus.ABNORMAL_CLOSURE, "Terminated");
            closed(CloseStatus.ABNORMAL_CLOSURE, "", false);
            forget();
        }
        callbacks.drain();
    }

    @Override
    public void pause() {
        synchronized (this) {
            paused = true;
        }
    }

    @Override
    public void resume() {
        synchronized (this) {
            paused = false;
            while (!inbox.isEmpty()) {
                String message = inbox.poll();
                callbacks.offer(() -> boundary.text(message));
            }
        }
        callbacks.drain();
    }

    @Override
    public synchronized boolean isPaused() {
        return paused;
    }

    @Override
    public synchronized ReadyState readyState() {
        return state;
    }

    /** The UTF-8 bytes of messages sent and not yet taken by a receiver. */
    @Override
    public synchronized long bufferedAmount() {
        return outboxBytes;
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
        return origin.uri();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return origin.remoteAddress();
    }

    @Override
    public HttpHeaders handshakeHeaders() {
        return new HttpHeaders().addAll(origin.headers());
    }

    @Override
    public void subscribe(String topic) {
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                return;
            }
            context.topics().subscribe(Objects.requireNonNull(topic, "topic"), this);
        }
    }

    @Override
    public void unsubscribe(String topic) {
        context.topics().unsubscribe(topic, this);
    }

    @Override
    public Set<String> topics() {
        return context.topics().topicsOf(this);
    }

    @Override
    public void publish(String topic, String text) {
        context.topics().publish(topic, text, this);
    }

    /** SockJS carries text only. @throws UnsupportedOperationException always */
    @Override
    public void publish(String topic, ByteBuffer data) {
        throw binary();
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
        return context.server().get();
    }

    /** The service's prefix, which stands for the endpoint's pattern. */
    @Override
    public String endpoint() {
        return context.prefix();
    }

    @Override
    public String path() {
        return origin.uri().getRawPath();
    }

    /** A SockJS session's path has no variables of the application's: always null. */
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
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A delay is not negative: " + delay);
        }
        return track(new SessionTask(this, task), delay, null);
    }

    @Override
    public ScheduledTask scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        if (initialDelay.isNegative() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A delay is not negative and a period is positive: " + initialDelay + ", " + period);
        }
        return track(new SessionTask(this, task), initialDelay, period);
    }

    private ScheduledTask track(SessionTask task, Duration delay, Duration period) {
        ScheduledFuture<?> future = period == null
                ? context.timer().schedule(task::fire, delay.toNanos(), TimeUnit.NANOSECONDS)
                : context.timer().scheduleAtFixedRate(task::fire, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        task.bind(future);
        return task;
    }

    // A task of the application's, run in turn with the session's callbacks and only while it is open.
    void runTask(SessionTask task) {
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                task.cancel();
                return;
            }
            callbacks.offer(() -> boundary.task(task.action()));
        }
        callbacks.drain();
    }

    @Override
    public String toString() {
        return "SockJS session " + (id == null ? "(websocket)" : id) + " from " + origin.remoteAddress();
    }
}
