package dev.anemone.stomp;

import java.util.concurrent.CompletableFuture;

/**
 * A MESSAGE frame as a subscription's handler receives it, with the means to acknowledge it.
 *
 * @param frame the frame
 * @param subscription the subscription it came through
 */
public record StompMessage(StompFrame frame, StompSubscription subscription) {

    /** The body as UTF-8 text. */
    public String text() {
        return frame.bodyText();
    }

    /** The first header named {@code name}, or null. */
    public String header(String name) {
        return frame.header(name);
    }

    /** The id ACK and NACK name: the {@code ack} header in 1.2, else {@code message-id}. */
    public String ackId() {
        String ack = frame.header("ack");
        return ack != null ? ack : frame.header("message-id");
    }

    /** Acknowledges this message (and, in {@code client} mode, every earlier one); completes on the server's receipt. */
    public CompletableFuture<Void> ack() {
        return subscription.client().settle(this, false, null);
    }

    /** Refuses this message; completes on the server's receipt. */
    public CompletableFuture<Void> nack() {
        return subscription.client().settle(this, true, null);
    }
}
