package dev.anemone.stomp.internal;

import dev.anemone.stomp.StompVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code /topic/…} destination: every subscriber gets every message. Auto-acknowledged
 * subscribers listen on the core's topics, grouped by subscription id and version, so one publish
 * encodes a MESSAGE frame once per group however many sessions are in it; the others are
 * delivered one by one and keep what they have not acknowledged. Guarded by the broker's lock.
 */
final class TopicDestination {

    /** A core topic and what its MESSAGE frames say. */
    record Group(String subscriptionId, StompVersion version) {
    }

    final Map<String, Group> groups = new HashMap<>();
    final Map<String, Integer> groupSizes = new HashMap<>();
    final List<Subscription> individual = new ArrayList<>();

    boolean isEmpty() {
        return groups.isEmpty() && individual.isEmpty();
    }

    int size() {
        return individual.size() + groupSizes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
