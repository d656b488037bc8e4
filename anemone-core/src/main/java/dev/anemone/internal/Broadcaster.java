package dev.anemone.internal;

import dev.anemone.WebSocket;
import dev.anemone.protocol.ReadyState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fans published and broadcast messages out to the connections of one event loop, coalescing a
 * burst, and keeps that loop's topic subscriptions.
 *
 * <p>Messages offered before the loop gets round to them go out together: a publisher whose read
 * brings eight messages costs each subscriber one write of eight frames rather than eight
 * writes, and the write system call, not the frame, is what a fan-out pays for. Order is kept:
 * messages go out in the order offered, and after whatever a connection was sent before the
 * loop ran the fan-out. Subscribes and unsubscribes made from other threads travel in the same
 * queue, so a subscribe followed by a publish from one thread reaches the new subscriber, and a
 * publish followed by an unsubscribe still does.
 *
 * <p>A receiver whose send buffer cannot take a burst loses it: its connection's
 * {@code BackpressurePolicy} applies (1008 or drop, reported to its {@code onError}), the others
 * are not held up, and the messages lost are counted in {@link TopicRegistry#droppedCount()}.
 */
final class Broadcaster {

    /**
     * Frames are joined into writes of at most this many bytes: enough for a burst of small
     * messages, and small enough that the send-buffer limit still judges messages, not bursts.
     */
    private static final int MAX_BURST = 64 * 1024;

    private final EventLoop loop;
    private final TopicRegistry registry;
    private final LoopSubscribers subscribers = new LoopSubscribers();
    private final Runnable fanOut = this::fanOut;
    /** {@link Publication}s, {@link Change}s and handed-over sends, in the order offered. */
    private List<Object> pending = new ArrayList<>();
    private volatile boolean scheduled;
    /** The receivers of the burst at hand, copied so that connections leaving meanwhile disturb nothing. */
    private Sweepable[] receivers = new Sweepable[16];
    /** Whether a walk over {@link #receivers} is under way (a listener called from it may start another). */
    private boolean walking;

    Broadcaster(EventLoop loop, TopicRegistry registry) {
        this.loop = loop;
        this.registry = registry;
    }

    /**
     * {@code fanOut}, the fan-out of a connection's loop, which only a server's connections have.
     *
     * @throws UnsupportedOperationException for a client's connection (null)
     */
    static Broadcaster serving(Broadcaster fanOut) {
        if (fanOut == null) {
            throw new UnsupportedOperationException("topics belong to a server: a client's connection has none");
        }
        return fanOut;
    }

    TopicRegistry registry() {
        return registry;
    }

    /** Queues a message for this loop's receivers. Any thread. */
    void offer(Publication publication) {
        enqueue(publication);
    }

    /**
     * Queues a send handed over from another thread, in order with the publications and
     * subscriptions offered around it: a thread that sends, then publishes, is heard in that
     * order. Any thread.
     */
    void offer(Runnable handedOverSend) {
        enqueue(handedOverSend);
    }

    /**
     * Sends what is pending now rather than when the loop gets to it: a session writing on the
     * loop thread calls this first, so a broadcast made before its write also arrives before it.
     * Loop thread only.
     */
    void fanOutPending() {
        if (scheduled) {
            fanOut();
        }
    }

    // ------------------------------------------------------------ subscriptions

    /** Subscribes {@code session}, one of this loop's, to {@code topic}. Any thread. */
    void subscribe(WebSocketSession session, String topic) {
        // Counted before it is made, so that a publish after this call finds the topic.
        registry.subscribing(Objects.requireNonNull(topic, "topic"));
        change(new Change(session, topic, true));
    }

    /** Unsubscribes {@code session} from {@code topic}. Any thread. */
    void unsubscribe(WebSocketSession session, String topic) {
        change(new Change(session, Objects.requireNonNull(topic, "topic"), false));
    }

    /** The topics {@code session} subscribes to, as its loop last saw them. Any thread. */
    Set<String> topicsOf(WebSocketSession session) {
        return registry.topicsOf(session);
    }

    /** {@code session} closed: it leaves every topic. Loop thread only. */
    void sessionClosed(WebSocketSession session) {
        for (String topic : registry.removeAll(session)) {
            subscribers.remove(topic, session);
            registry.unsubscribed(topic);
        }
    }

    private void change(Change change) {
        if (loop.inLoop()) {
            // After what was published before it, as from any other thread.
            fanOutPending();
            apply(change);
        } else {
            enqueue(change);
        }
    }

    private void apply(Change change) {
        WebSocketSession session = change.session;
        if (change.subscribe) {
            if (session.readyState() != ReadyState.CLOSED && registry.add(session, change.topic)) {
                subscribers.add(change.topic, session);
            } else {
                registry.unsubscribed(change.topic);
            }
        } else if (registry.remove(session, change.topic)) {
            subscribers.remove(change.topic, session);
            registry.unsubscribed(change.topic);
        }
    }

    // ------------------------------------------------------------ the fan-out, loop thread

    private void enqueue(Object item) {
        synchronized (this) {
            pending.add(item);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        // Queued even on the loop's own thread, so that the rest of a read's messages join in.
        loop.submit(fanOut);
    }

    private void fanOut() {
        List<Object> items;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            items = pending;
            pending = new ArrayList<>(items.size());
            scheduled = false;
        }
        int from = 0;
        while (from < items.size()) {
            if (items.get(from) instanceof Change change) {
                apply(change);
                from++;
                continue;
            }
            if (items.get(from) instanceof Runnable send) {
                send.run();
                from++;
                continue;
            }
            Publication first = (Publication) items.get(from);
            int to = from + 1;
            int size = first.frameSize();
            while (to < items.size() && items.get(to) instanceof Publication next && first.sameAudience(next)
                    && size + next.frameSize() <= MAX_BURST) {
                size += next.frameSize();
                to++;
            }
            deliver(items, from, to);
            from = to;
        }
    }

    /** Sends publications {@code from} to {@code to}, which share an audience, to each of their receivers. */
    private void deliver(List<Object> items, int from, int to) {
        Publication first = (Publication) items.get(from);
        Sweepable[] walk = walking ? new Sweepable[candidates(first)] : receivers(candidates(first));
        int count = first.topic == null ? loop.copyMembers(walk) : subscribers.copy(first.topic, walk);
        boolean outer = !walking;
        walking = true;
        try {
            Burst burst = new Burst(items, from, to);
            for (int i = 0; i < count; i++) {
                if (walk[i] instanceof WebSocketSession session && accepts(first, session)) {
                    ByteBuffer frames = burst.framesFor(session, first);
                    if (session.sendEncoded(frames)) {
                        loop.counters().messagesOut(to - from);
                    } else {
                        registry.dropped(to - from);
                    }
                }
            }
        } finally {
            if (outer) {
                walking = false;
            }
            Arrays.fill(walk, 0, count, null);
        }
    }

    private int candidates(Publication publication) {
        return publication.topic == null ? loop.memberCount() : subscribers.count(publication.topic);
    }

    private Sweepable[] receivers(int count) {
        if (receivers.length < count) {
            receivers = new Sweepable[Math.max(count, receivers.length * 2)];
        }
        return receivers;
    }

    private boolean accepts(Publication publication, WebSocketSession session) {
        return session != publication.except
                && (publication.endpoint == null || session.settings() == publication.endpoint)
                && session.readyState() == ReadyState.OPEN
                && (publication.filter == null || chosenBy(publication.filter, session));
    }

    /**
     * Asks the application's filter about {@code session}, through the boundary: a filter that
     * throws fails the application on the connection it was judging, which is told in its
     * {@code onError}, logged and closed with 1011, and is not sent the message.
     */
    private static boolean chosenBy(Predicate<? super WebSocket> filter, WebSocketSession session) {
        Callbacks.Called<Boolean> chosen = Callbacks.call("a broadcast's filter", false, () -> filter.test(session));
        if (chosen.failed()) {
            if (!session.hasFailed()) {
                session.failed(chosen.failure());
            }
            return false;
        }
        return chosen.value();
    }

    /** A subscribe or unsubscribe asked for from another thread, applied in order with the messages. */
    private record Change(WebSocketSession session, String topic, boolean subscribe) {
    }

    /** Publications {@code from} to {@code to} joined into one buffer per form, made when a receiver needs it. */
    private static final class Burst {
        private final List<Object> items;
        private final int from;
        private final int to;
        private ByteBuffer plain;
        private ByteBuffer compressed;

        Burst(List<Object> items, int from, int to) {
            this.items = items;
            this.from = from;
            this.to = to;
        }

        /** The frames for {@code session} from their start; consumed by the send, rewound for the next. */
        ByteBuffer framesFor(WebSocketSession session, Publication first) {
            if (first.compressesFor(session)) {
                if (compressed == null) {
                    compressed = join(true);
                }
                return compressed.position(0);
            }
            if (plain == null) {
                plain = join(false);
            }
            return plain.position(0);
        }

        private ByteBuffer join(boolean compress) {
            if (to - from == 1) {
                return frames((Publication) items.get(from), compress);
            }
            int size = 0;
            for (int i = from; i < to; i++) {
                size += frames((Publication) items.get(i), compress).remaining();
            }
            ByteBuffer joined = ByteBuffer.allocate(size);
            for (int i = from; i < to; i++) {
                joined.put(frames((Publication) items.get(i), compress));
            }
            return joined.flip();
        }

        private static ByteBuffer frames(Publication publication, boolean compressed) {
            return compressed ? publication.compressedFrame() : publication.plainFrame();
        }
    }
}
