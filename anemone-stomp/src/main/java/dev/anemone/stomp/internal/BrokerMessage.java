package dev.anemone.stomp.internal;

import dev.anemone.stomp.StompHeaders;

/**
 * A message as the broker holds it: where it was sent, its id, the sender's own headers (those
 * the broker sets removed) and its body.
 */
record BrokerMessage(String destination, String messageId, StompHeaders headers, byte[] body, boolean redelivered) {

    BrokerMessage redelivery() {
        return new BrokerMessage(destination, messageId, headers, body, true);
    }
}
