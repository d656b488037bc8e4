package dev.anemone.sockjs.internal;

import dev.anemone.PublishObserver;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which SockJS sessions subscribe to which topics, and the server's publishes delivered to them:
 * as a {@link PublishObserver} it hears every publish on the server, so {@code server.publish}
 * and a WebSocket's {@code publish} reach SockJS subscribers. A session's own publish goes
 * through the server as well, which brings it to both kinds of subscriber but the session.
 */
public final class Topics implements PublishObserver {

    /** The SockJS session publishing on this thread, which its own publish must not reach. */
    private static final ThreadLocal<Session> PUBLISHING = new ThreadLocal<>();

    private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();
    private final Map<Session, Set<String>> bySession = new ConcurrentHashMap<>();
    private final ServerHolder server;

    /** Topics whose publishes also go to {@code server}'s subscribers once it is known. */
    public Topics(ServerHolder server) {
        this.server = server;
    }

    void subscribe(String topic, Session session) {
        subscribers.computeIfAbsent(topic, key -> ConcurrentHashMap.newKeySet()).add(session);
        bySession.computeIfAbsent(session, key -> ConcurrentHashMap.newKeySet()).add(topic);
    }

    void unsubscribe(String topic, Session session) {
        subscribers.computeIfPresent(topic, (key, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        bySession.computeIfPresent(session, (key, set) -> {
            set.remove(topic);
            return set.isEmpty() ? null : set;
        });
    }

    void unsubscribeAll(Session session) {
        Set<String> topics = bySession.remove(session);
        if (topics != null) {
            for (String topic : topics) {
                subscribers.computeIfPresent(topic, (key, set) -> {
                    set.remove(session);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    Set<String> topicsOf(Session session) {
        Set<String> topics = bySession.get(session);
        return topics == null ? Set.of() : Set.copyOf(topics);
    }

    /** Publishes from {@code sender}: to the server's WebSocket subscribers and to the SockJS ones but the sender. */
    void publish(String topic, String text, Session sender) {
        WebSocketServer known = server.get();
        if (known == null) {
            deliver(topic, text, sender);
            return;
        }
        PUBLISHING.set(sender);
        try {
            known.publish(topic, text);
        } finally {
            PUBLISHING.remove();
        }
    }

    @Override
    public void started(WebSocketServer started) {
        server.set(started);
    }

    @Override
    public void published(String topic, String text, WebSocket publisher) {
        deliver(topic, text, PUBLISHING.get());
    }

    // Sends text to the SockJS sessions subscribing to topic, but except (null for none).
    private void deliver(String topic, String text, Session except) {
        Set<Session> set = subscribers.get(topic);
        if (set == null) {
            return;
        }
        for (Session session : set) {
            if (session != except) {
                session.send(text);
            }
        }
    }

    /** How many SockJS sessions subscribe to {@code topic}. */
    public int subscriberCount(String topic) {
        Set<Session> set = subscribers.get(topic);
        return set == null ? 0 : set.size();
    }
}
