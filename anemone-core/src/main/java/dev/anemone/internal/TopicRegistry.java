package dev.anemone.internal;

import dev.anemone.PublishObserver;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.SharedEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A server's topics and fan-out: which connections subscribe to what, the event loops' own
 * {@link Broadcaster}s that deliver, and the counts a metrics reader wants (topics, subscriptions,
 * messages dropped for slow consumers, compressions).
 *
 * <p>A publish or broadcast encodes its frame once and hands it to every loop; each loop walks
 * only its own subscribers (or its own connections, for a broadcast), so a publish costs the
 * number of loops plus the number of subscribers, never the number of clients.
 *
 * <p>Connections that subscribe to nothing cost nothing here: a connection's topics are kept in a
 * map from connection to set only while it has some.
 */
public final class TopicRegistry {

    /**
     * Subscriptions per topic, counting subscribes still on their way to a loop, so that a publish
     * made after a subscribe returned never skips the topic. A topic with none is not in the map.
     */
    private final Map<String, Integer> subscribers = new ConcurrentHashMap<>();
    private final Set<String> topicsView = Collections.unmodifiableSet(subscribers.keySet());
    /** Each subscribing connection's topics, an immutable set replaced on each change by the connection's loop. */
    private final Map<WebSocketSession, Set<String>> topicsBySession = new ConcurrentHashMap<>();
    private final LongAdder subscriptions = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder compressions = new LongAdder();
    private final SharedEncoder encoder;
    /**
     * Application code told of every publish; an array replaced on each addition, so a publish
     * reads it without a lock or an iterator.
     */
    private volatile PublishObserver[] observers = new PublishObserver[0];
    /** One per loop; never changed after construction, so read from any thread. */
    private final Map<EventLoop, Broadcaster> broadcasters;

    /**
     * @param encoder what compresses a message once for the connections that share it, or null
     *     when the server offers no such extension
     */
    TopicRegistry(EventLoop[] loops, SharedEncoder encoder) {
        this.encoder = encoder;
        Map<EventLoop, Broadcaster> byLoop = new IdentityHashMap<>();
        for (EventLoop loop : loops) {
            byLoop.put(loop, new Broadcaster(loop, this));
        }
        this.broadcasters = byLoop;
    }

    // ------------------------------------------------------------ counts, any thread

    /** How many topics have a subscriber (or a subscribe on its way). */
    public int topicCount() {
        return subscribers.size();
    }

    /** How many subscriptions there are, over every topic and connection. */
    public long subscriptionCount() {
        return subscriptions.sum();
    }

    /** Messages of publishes and broadcasts not delivered to a receiver whose send buffer was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** How many published or broadcast messages were compressed, each once for all its receivers. */
    public long compressionCount() {
        return compressions.sum();
    }

    /** The topics with a subscriber, as a live unmodifiable view. */
    public Set<String> topics() {
        return topicsView;
    }

    /** How many connections subscribe to {@code topic}, counting subscribes on their way. */
    public int subscriberCount(String topic) {
        Integer count = subscribers.get(topic);
        return count == null ? 0 : count;
    }

    // ------------------------------------------------------------ sending, any thread

    /** Publishes a text message to {@code topic}'s subscribers but {@code except} (null for none). */
    public void publish(String topic, String text, WebSocket except) {
        Objects.requireNonNull(text, "nothing to publish: the message is null");
        Objects.requireNonNull(topic, "topic");
        for (PublishObserver observer : observers) {
            tell(topic, () -> observer.published(topic, text, except));
        }
        publish(topic, Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), except);
    }

    /** Publishes a binary message of {@code data}'s remaining bytes to {@code topic}'s subscribers but {@code except}. */
    public void publish(String topic, ByteBuffer data, WebSocket except) {
        Objects.requireNonNull(data, "nothing to publish: the message is null");
        Objects.requireNonNull(topic, "topic");
        for (PublishObserver observer : observers) {
            tell(topic, () -> observer.published(topic, data.asReadOnlyBuffer(), except));
        }
        publish(topic, Opcode.BINARY, data, except);
    }

    /**
     * Adds an observer of every publish and tells it of {@code server}, through the callback
     * boundary: what it throws is logged and it is kept. Any thread.
     */
    public synchronized void observe(PublishObserver observer, WebSocketServer server) {
        Objects.requireNonNull(observer, "observer");
        Callbacks.Called<Void> told = Callbacks.call("a publish observer's started()", true, () -> {
            observer.started(server);
            return null;
        });
        if (told.failed()) {
            Callbacks.LOG.warn("a publish observer threw when told the server started", told.failure());
        }
        PublishObserver[] larger = Arrays.copyOf(observers, observers.length + 1);
        larger[observers.length] = observer;
        observers = larger;
    }

    /** Tells an observer of a publish through the callback boundary; what it throws is logged, and the publish goes on. */
    private static void tell(String topic, Runnable call) {
        Callbacks.Called<Void> told = Callbacks.call("a publish observer", true, () -> {
            call.run();
            return null;
        });
        if (told.failed()) {
            Callbacks.LOG.warn("a publish observer threw on topic " + topic + "; the publish goes on", told.failure());
        }
    }

    /**
     * Sends one message to {@code topic}'s subscribers but {@code except}; nothing is encoded
     * when the topic has none.
     */
    private void publish(String topic, int opcode, ByteBuffer payload, WebSocket except) {
        if (!subscribers.containsKey(Objects.requireNonNull(topic, "topic"))) {
            return;
        }
        offer(new Publication(topic, null, except, null, opcode, payload, encoder, this));
    }

    /**
     * Sends one message to the open connections of {@code endpoint} (null for all) but {@code except},
     * that {@code filter} accepts (null for all).
     */
    void broadcast(int opcode, ByteBuffer payload, SessionSettings endpoint, WebSocket except,
                   Predicate<? super WebSocket> filter) {
        offer(new Publication(null, endpoint, except, filter, opcode, payload, encoder, this));
    }

    private void offer(Publication publication) {
        for (Broadcaster broadcaster : broadcasters.values()) {
            broadcaster.offer(publication);
        }
    }

    /** The fan-out of {@code loop}, for the sessions it serves. */
    Broadcaster broadcasterOf(EventLoop loop) {
        return broadcasters.get(loop);
    }

    // ------------------------------------------------------------ bookkeeping, for the loops

    /** A subscribe to {@code topic} was asked for. Any thread. */
    void subscribing(String topic) {
        subscribers.merge(topic, 1, Integer::sum);
    }

    /** A subscription to {@code topic} ended, or one asked for was not made. Any thread. */
    void unsubscribed(String topic) {
        subscribers.computeIfPresent(topic, (name, count) -> count == 1 ? null : count - 1);
    }

    /** The topics of {@code session}, an immutable set. Any thread. */
    Set<String> topicsOf(WebSocketSession session) {
        return topicsBySession.getOrDefault(session, Set.of());
    }

    /** Records that {@code session} subscribes to {@code topic}; false if it already did. Its loop only. */
    boolean add(WebSocketSession session, String topic) {
        Set<String> now = topicsOf(session);
        if (now.contains(topic)) {
            return false;
        }
        Set<String> more = new HashSet<>(now);
        more.add(topic);
        topicsBySession.put(session, Set.copyOf(more));
        subscriptions.increment();
        return true;
    }

    /** Records that {@code session} no longer subscribes to {@code topic}; false if it did not. Its loop only. */
    boolean remove(WebSocketSession session, String topic) {
        Set<String> now = topicsOf(session);
        if (!now.contains(topic)) {
            return false;
        }
        Set<String> fewer = new HashSet<>(now);
        fewer.remove(topic);
        if (fewer.isEmpty()) {
            topicsBySession.remove(session);
        } else {
            topicsBySession.put(session, Set.copyOf(fewer));
        }
        subscriptions.decrement();
        return true;
    }

    /** Forgets every subscription of {@code session} and returns its topics. Its loop only. */
    Set<String> removeAll(WebSocketSession session) {
        Set<String> topics = topicsBySession.remove(session);
        if (topics == null) {
            return Set.of();
        }
        subscriptions.add(-topics.size());
        return topics;
    }

    void dropped(int messages) {
        dropped.add(messages);
    }

    void compressed() {
        compressions.increment();
    }
}
