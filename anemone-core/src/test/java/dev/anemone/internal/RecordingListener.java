package dev.anemone.internal;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A listener for the callback boundary's tests: it records each event as a line ("text:hello",
 * "close:1000:bye:true"), the thread it came on and the socket it was given; it can be told to
 * throw from any kind of event, and to run a hook first (to block, say). It notices when two of
 * its callbacks run at once.
 */
final class RecordingListener implements WebSocketListener {

    /** A socket that only knows its name: the boundary hands it over and never calls it. */
    static WebSocket fakeSocket(String name) {
        return (WebSocket) Proxy.newProxyInstance(WebSocket.class.getClassLoader(), new Class<?>[] {WebSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final List<String> events = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    /** Event kind ("open", "text", ...) to what its callback throws. */
    final Map<String, Supplier<Throwable>> throwOn = new ConcurrentHashMap<>();
    /** Runs at the start of every callback with the event's line; may block. */
    volatile Consumer<String> before = line -> { };
    /** Runs at the end of every callback, before it throws if it is to; may block. */
    volatile Consumer<String> after = line -> { };
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    /** Text and binary messages whose callback has run (counted just before it returns). */
    final AtomicInteger messagesDone = new AtomicInteger();
    /** Counts down when the close is heard. */
    final CountDownLatch closed = new CountDownLatch(1);

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    synchronized List<Thread> threads() {
        return new ArrayList<>(threads);
    }

    synchronized List<WebSocket> sockets() {
        return new ArrayList<>(sockets);
    }

    @Override
    public void onOpen(WebSocket socket) {
        event(socket, "open", "open");
    }

    @Override
    public void onText(WebSocket socket, String text) {
        event(socket, "text", "text:" + text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        event(socket, "binary", "binary:" + ascii(data));
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer payload) {
        event(socket, "ping", "ping:" + ascii(payload));
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer payload) {
        event(socket, "pong", "pong:" + ascii(payload));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        event(socket, "error", "error:" + error.getMessage());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        event(socket, "close", "close:" + code + ":" + reason + ":" + wasClean);
    }

    @Override
    public void onDrain(WebSocket socket) {
        event(socket, "drain", "drain");
    }

    private void event(WebSocket socket, String kind, String line) {
        if (active.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            before.accept(line);
            synchronized (this) {
                events.add(line);
                threads.add(Thread.currentThread());
                sockets.add(socket);
            }
            after.accept(line);
            Supplier<Throwable> failure = throwOn.get(kind);
            if (failure != null) {
                throwUnchecked(failure.get());
            }
        } finally {
            if (kind.equals("text") || kind.equals("binary")) {
                messagesDone.incrementAndGet();
            }
            if (kind.equals("close")) {
                closed.countDown();
            }
            active.decrementAndGet();
        }
    }

    private static String ascii(ByteBuffer buffer) {
        return StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
    }

    private static void throwUnchecked(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalArgumentException("only unchecked throwables here", t);
    }

    /** A connection as the boundary sees it, recording the failures reported to it. */
    static final class Connection implements Callbacks.Target {
        private final WebSocket socket;
        private final WebSocketListener listener;
        private final List<Throwable> reported = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        Connection(WebSocket socket, WebSocketListener listener) {
            this.socket = socket;
            this.listener = listener;
        }

        @Override
        public WebSocket socket() {
            return socket;
        }

        @Override
        public WebSocketListener listener() {
            return listener;
        }

        @Override
        public synchronized boolean hasFailed() {
            return !reported.isEmpty();
        }

        @Override
        public synchronized void failed(Throwable error) {
            reported.add(error);
            threads.add(Thread.currentThread());
        }

        synchronized List<Throwable> reported() {
            return new ArrayList<>(reported);
        }

        synchronized List<Thread> threads() {
            return new ArrayList<>(threads);
        }
    }
}
