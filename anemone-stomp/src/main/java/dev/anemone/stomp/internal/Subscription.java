package dev.anemone.stomp.internal;

import dev.anemone.stomp.StompAckMode;
import dev.anemone.stomp.StompCommand;
import dev.anemone.stomp.StompFrame;
import dev.anemone.stomp.StompHeaders;
import dev.anemone.stomp.StompVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One SUBSCRIBE of one session, with the messages it holds unacknowledged. Guarded by the broker's lock. */
final class Subscription {

    final StompSession session;
    final String id;
    final String destination;
    final StompAckMode ack;
    /** Delivery id (the {@code ack} header) to message, in delivery order. */
    final LinkedHashMap<String, BrokerMessage> unacked = new LinkedHashMap<>();
    /** The core topic this subscription listens on when it is an auto-acknowledged topic subscription, else null. */
    String coreTopic;

    Subscription(StompSession session, String id, String destination, StompAckMode ack) {
        this.session = session;
        this.id = id;
        this.destination = destination;
        this.ack = ack;
    }

    boolean canTake(int maxUnacked, long maxPending) {
        return session.isOpen() && (ack == StompAckMode.AUTO || unacked.size() < maxUnacked)
                && session.socket.bufferedAmount() <= maxPending;
    }

    /** Sends {@code message}, keeping it until acknowledged unless the mode is auto. */
    void deliver(BrokerMessage message, String deliveryId) {
        if (ack != StompAckMode.AUTO) {
            unacked.put(deliveryId, message);
        }
        session.write(messageFrame(message, id, session.version(), ack == StompAckMode.AUTO ? null : deliveryId));
    }

    /** The MESSAGE frame of {@code message} for subscription {@code subscriptionId}; the broker's headers come first, so they win. */
    static StompFrame messageFrame(BrokerMessage message, String subscriptionId, StompVersion version, String ackId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(message.headers().size() + 5);
        headers.add(Map.entry("destination", message.destination()));
        headers.add(Map.entry("message-id", ackId != null ? ackId : message.messageId()));
        headers.add(Map.entry("subscription", subscriptionId));
        if (ackId != null && version == StompVersion.V1_2) {
            headers.add(Map.entry("ack", ackId));
        }
        if (message.redelivered()) {
            headers.add(Map.entry("redelivered", "true"));
        }
        headers.add(Map.entry("content-length", Integer.toString(message.body().length)));
        headers.addAll(message.headers().entries());
        return new StompFrame(StompCommand.MESSAGE, StompHeaders.ofEntries(headers), message.body());
    }

    /**
     * Takes the acknowledged messages out: {@code deliveryId} alone, or with every earlier one
     * when the mode is {@code client}; empty when no such delivery is held.
     */
    List<BrokerMessage> settle(String deliveryId) {
        List<BrokerMessage> settled = new ArrayList<>();
        if (!unacked.containsKey(deliveryId)) {
            return settled;
        }
        Iterator<Map.Entry<String, BrokerMessage>> it = unacked.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, BrokerMessage> entry = it.next();
            boolean last = entry.getKey().equals(deliveryId);
            if (last || ack == StompAckMode.CLIENT) {
                settled.add(entry.getValue());
                it.remove();
            }
            if (last) {
                break;
            }
        }
        return settled;
    }
}
