package dev.anemone.stomp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A {@code /queue/…} destination: each message goes to one subscriber, round-robin, and waits here while none can take it. Guarded by the broker's lock. */
final class QueueDestination {

    final ArrayDeque<BrokerMessage> pending = new ArrayDeque<>();
    final List<Subscription> subscribers = new ArrayList<>();
    private int next;

    /** Hands waiting messages to subscribers that can take them; returns how many left the queue. */
    int dispatch(Broker broker) {
        int sent = 0;
        while (!pending.isEmpty() && !subscribers.isEmpty()) {
            Subscription target = null;
            int n = subscribers.size();
            for (int i = 0; i < n; i++) {
                Subscription candidate = subscribers.get((next + i) % n);
                if (candidate.canTake(broker.options.maxUnackedPerSubscription(), broker.options.maxPendingBytesPerSession())) {
                    target = candidate;
                    next = (next + i + 1) % n;
                    break;
                }
            }
            if (target == null) {
                break;
            }
            BrokerMessage message = pending.poll();
            target.deliver(message, message.messageId());
            sent++;
        }
        return sent;
    }
}
