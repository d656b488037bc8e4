package dev.anemone.internal;

/**
 * A transport that gathers its small writes in its loop's write batch (see
 * {@link EventLoop#claimBatch}) and knows how to send what it gathered.
 */
interface BatchOwner {

    /**
     * Sends what this owner gathered in the loop's batch and gives the batch back. Called by the
     * loop when it finishes a piece of work, and by another owner claiming the batch, so that
     * bytes leave in the order they were written. Loop thread only.
     */
    void flushBatch();

    /**
     * Whether what it gathers is encrypted before it leaves. The loop then lends a batch on the
     * heap, which the JDK's ciphers read faster than the direct one the socket writes from.
     */
    default boolean encryptsBatch() {
        return false;
    }
}
