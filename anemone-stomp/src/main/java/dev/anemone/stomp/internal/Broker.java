package dev.anemone.stomp.internal;

import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompAckMode;
import dev.anemone.stomp.StompBrokerOptions;
import dev.anemone.stomp.StompEncoder;
import dev.anemone.stomp.StompException;
import dev.anemone.stomp.StompHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's destinations and what is in flight, behind one lock: sessions on several event
 * loops send to each other's subscriptions, so every change happens under it. Sending on a
 * WebSocket only queues bytes, so nothing blocks while it is held.
 */
public final class Broker {

    final StompBrokerOptions options;
    final Object lock = new Object();
    private final String coreTopicPrefix;
    private final Map<String, QueueDestination> queues = new HashMap<>();
    private final Map<String, TopicDestination> topics = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;
    private int queued;
    private volatile WebSocketServer server;

    /** A broker with {@code options}; {@code name} keeps its core topics apart from others on the same server. */
    public Broker(StompBrokerOptions options, String name) {
        this.options = options;
        this.coreTopicPrefix = "\u0000stomp " + name + "\n";
        this.idPrefix = Long.toString(System.nanoTime() & 0xffffff, 36) + "-";
    }

    /** Options in force. */
    public StompBrokerOptions options() {
        return options;
    }

    void serverIs(WebSocketServer value) {
        if (server == null && value != null) {
            server = value;
        }
    }

    String nextId(String kind) {
        return kind + idPrefix + ids.incrementAndGet();
    }

    /**
     * Routes a message sent to {@code destination}: to every subscriber of a topic, or into a queue.
     *
     * @throws StompException for a destination that is neither, or when the queues are full
     */
    public void send(String destination, StompHeaders headers, byte[] body) {
        BrokerMessage message = new BrokerMessage(destination, nextId("m-"), headers, body, false);
        synchronized (lock) {
            if (Destinations.isTopic(destination)) {
                TopicDestination topic = topics.get(destination);
                if (topic != null) {
                    publish(topic, message);
                }
                return;
            }
            Destinations.checkQueue(destination);
            if (queued >= options.maxQueuedMessages()) {
                throw new StompException("the broker's queues are full (" + options.maxQueuedMessages() + " messages)");
            }
            QueueDestination queue = queues.computeIfAbsent(destination, d -> new QueueDestination());
            queue.pending.add(message);
            queued++;
            queued -= queue.dispatch(this);
        }
    }

    /** Sends a message to every present subscriber of {@code destination}, queue or topic, and keeps nothing for later ones. */
    public void sendToSubscribers(String destination, StompHeaders headers, byte[] body) {
        BrokerMessage message = new BrokerMessage(destination, nextId("m-"), headers, body, false);
        synchronized (lock) {
            TopicDestination topic = topics.get(destination);
            if (topic != null) {
                publish(topic, message);
            }
            QueueDestination queue = queues.get(destination);
            if (queue != null) {
                for (Subscription subscriber : List.copyOf(queue.subscribers)) {
                    subscriber.deliver(message, nextId("m-"));
                }
            }
        }
    }

    private void publish(TopicDestination topic, BrokerMessage message) {
        for (Map.Entry<String, TopicDestination.Group> group : topic.groups.entrySet()) {
            TopicDestination.Group g = group.getValue();
            byte[] frame = StompEncoder.encode(Subscription.messageFrame(message, g.subscriptionId(), g.version(), null), g.version());
            if (Wire.isUtf8(frame)) {
                server.publish(group.getKey(), new String(frame, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                server.publish(group.getKey(), ByteBuffer.wrap(frame));
            }
        }
        // A copy: failing a subscriber closes it, and a close may come back into unsubscribe on this thread.
        for (Subscription subscriber : List.copyOf(topic.individual)) {
            if (subscriber.unacked.size() >= options.maxUnackedPerSubscription()) {
                subscriber.session.fail("more than " + options.maxUnackedPerSubscription()
                        + " unacknowledged messages on subscription " + subscriber.id, null);
            } else if (subscriber.session.socket.bufferedAmount() > options.maxPendingBytesPerSession()) {
                subscriber.session.fail("slow consumer: more than " + options.maxPendingBytesPerSession() + " bytes pending", null);
            } else {
                subscriber.deliver(message, nextId("m-"));
            }
        }
    }

    void subscribe(Subscription subscription) {
        synchronized (lock) {
            if (Destinations.isTopic(subscription.destination)) {
                TopicDestination topic = topics.computeIfAbsent(subscription.destination, d -> new TopicDestination());
                if (subscription.ack == StompAckMode.AUTO) {
                    String key = coreTopicPrefix + subscription.destination + "\n" + subscription.id + "\n" + subscription.session.version();
                    subscription.coreTopic = key;
                    topic.groups.put(key, new TopicDestination.Group(subscription.id, subscription.session.version()));
                    topic.groupSizes.merge(key, 1, Integer::sum);
                    subscription.session.socket.subscribe(key);
                } else {
                    topic.individual.add(subscription);
                }
                return;
            }
            Destinations.checkQueue(subscription.destination);
            QueueDestination queue = queues.computeIfAbsent(subscription.destination, d -> new QueueDestination());
            queue.subscribers.add(subscription);
            queued -= queue.dispatch(this);
        }
    }

    /** Removes {@code subscription}; what it held unacknowledged goes back to the front of its queue, marked redelivered. */
    void unsubscribe(Subscription subscription) {
        synchronized (lock) {
            if (Destinations.isTopic(subscription.destination)) {
                TopicDestination topic = topics.get(subscription.destination);
                if (topic == null) {
                    return;
                }
                if (subscription.coreTopic != null) {
                    if (topic.groupSizes.merge(subscription.coreTopic, -1, Integer::sum) == 0) {
                        topic.groupSizes.remove(subscription.coreTopic);
                        topic.groups.remove(subscription.coreTopic);
                    }
                    if (subscription.session.isOpen()) {
                        subscription.session.socket.unsubscribe(subscription.coreTopic);
                    }
                } else {
                    topic.individual.remove(subscription);
                }
                if (topic.isEmpty()) {
                    topics.remove(subscription.destination);
                }
                return;
            }
            QueueDestination queue = queues.get(subscription.destination);
            if (queue == null) {
                return;
            }
            queue.subscribers.remove(subscription);
            List<BrokerMessage> held = new ArrayList<>(subscription.unacked.values());
            subscription.unacked.clear();
            requeue(queue, held);
            if (queue.subscribers.isEmpty() && queue.pending.isEmpty()) {
                queues.remove(subscription.destination);
            }
        }
    }

    /**
     * Settles {@code deliveryId} on {@code subscription}: ACK forgets it, NACK puts a queue's
     * message back for another try (a topic's is dropped).
     *
     * @throws StompException when the subscription holds no such delivery
     */
    void settle(Subscription subscription, String deliveryId, boolean nack) {
        synchronized (lock) {
            List<BrokerMessage> settled = subscription.settle(deliveryId);
            if (settled.isEmpty()) {
                throw new StompException("no unacknowledged message with id " + deliveryId);
            }
            QueueDestination queue = queues.get(subscription.destination);
            if (queue == null) {
                return;
            }
            if (nack) {
                requeue(queue, settled);
            } else {
                queued -= queue.dispatch(this);
            }
        }
    }

    private void requeue(QueueDestination queue, List<BrokerMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            queue.pending.addFirst(messages.get(i).redelivery());
            queued++;
        }
        queued -= queue.dispatch(this);
    }

    /** A session's socket drained: its queues may go on. */
    void drained(StompSession session) {
        synchronized (lock) {
            for (Subscription subscription : session.subscriptions.values()) {
                QueueDestination queue = queues.get(subscription.destination);
                if (queue != null) {
                    queued -= queue.dispatch(this);
                }
            }
        }
    }

    /** The destinations that have subscribers now, sorted. */
    public Set<String> subscribedDestinations() {
        synchronized (lock) {
            Set<String> out = new TreeSet<>(topics.keySet());
            queues.forEach((name, queue) -> {
                if (!queue.subscribers.isEmpty()) {
                    out.add(name);
                }
            });
            return out;
        }
    }

    /** How many subscriptions {@code destination} has now. */
    public int subscriberCount(String destination) {
        synchronized (lock) {
            TopicDestination topic = topics.get(destination);
            QueueDestination queue = queues.get(destination);
            return (topic == null ? 0 : topic.size()) + (queue == null ? 0 : queue.subscribers.size());
        }
    }

    /** How many messages wait in all queues. */
    public int queuedMessages() {
        synchronized (lock) {
            return queued;
        }
    }
}
