package dev.anemone.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of each topic among one event loop's connections. Only the loop's thread
 * touches it, so it needs no locks, and a publish walks only the subscribers it holds.
 *
 * <p>A topic's subscribers are an identity set: joining and leaving take constant time however
 * many subscribe, which matters when thousands of subscribers of one topic disconnect at once.
 */
final class LoopSubscribers {

    private final Map<String, Set<WebSocketSession>> byTopic = new HashMap<>();

    /** Adds {@code session} to {@code topic}'s subscribers. */
    void add(String topic, WebSocketSession session) {
        byTopic.computeIfAbsent(topic, name -> Collections.newSetFromMap(new IdentityHashMap<>())).add(session);
    }

    /** Removes {@code session} from {@code topic}'s subscribers; a topic left with none is forgotten. */
    void remove(String topic, WebSocketSession session) {
        Set<WebSocketSession> subscribers = byTopic.get(topic);
        if (subscribers != null && subscribers.remove(session) && subscribers.isEmpty()) {
            byTopic.remove(topic);
        }
    }

    /** How many of this loop's connections subscribe to {@code topic}. */
    int count(String topic) {
        Set<WebSocketSession> subscribers = byTopic.get(topic);
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Copies {@code topic}'s subscribers into {@code into}, which holds at least {@link #count}; returns how many. */
    int copy(String topic, Sweepable[] into) {
        Set<WebSocketSession> subscribers = byTopic.get(topic);
        if (subscribers == null) {
            return 0;
        }
        int count = 0;
        for (WebSocketSession session : subscribers) {
            into[count++] = session;
        }
        return count;
    }
}
