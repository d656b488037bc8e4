package dev.anemone.stomp;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A live subscription of a {@link StompClient}: what it listens to and how it acknowledges. It
 * survives reconnects (the client subscribes again with the same id) until {@link #unsubscribe}.
 *
 * @param client the client
 * @param id the subscription id
 * @param destination the destination
 * @param ack the acknowledgement mode
 * @param headers further SUBSCRIBE headers (RabbitMQ's {@code durable}, {@code prefetch-count}, …)
 * @param handler what receives each message, on the connection's event loop
 */
public record StompSubscription(StompClient client, String id, String destination, StompAckMode ack, StompHeaders headers,
                                Consumer<StompMessage> handler) {

    /** Ends the subscription; completes on the server's receipt. */
    public CompletableFuture<Void> unsubscribe() {
        return client.unsubscribe(this);
    }
}
