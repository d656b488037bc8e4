package dev.anemone.stomp;

import java.util.concurrent.CompletableFuture;

/**
 * A transaction begun by {@link StompClient#begin()}: its sends and acknowledgements take effect
 * together on {@link #commit()}, or not at all on {@link #abort()}.
 *
 * @param client the client
 * @param id the transaction id
 */
public record StompTransaction(StompClient client, String id) {

    /** Sends {@code text} to {@code destination} inside the transaction. */
    public CompletableFuture<Void> send(String destination, String text, String... headerNamesAndValues) {
        StompHeaders headers = StompHeaders.of(headerNamesAndValues).with("transaction", id);
        return client.send(destination, headers, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Acknowledges {@code message} inside the transaction. */
    public CompletableFuture<Void> ack(StompMessage message) {
        return client.settle(message, false, id);
    }

    /** Applies everything done in the transaction; completes on the server's receipt. */
    public CompletableFuture<Void> commit() {
        return client.request(StompFrame.of(StompCommand.COMMIT, "transaction", id));
    }

    /** Discards everything done in the transaction; completes on the server's receipt. */
    public CompletableFuture<Void> abort() {
        return client.request(StompFrame.of(StompCommand.ABORT, "transaction", id));
    }
}
