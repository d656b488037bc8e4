package dev.anemone;

/**
 * What {@code send} does when a connection's {@link WebSocket#bufferedAmount()} would pass its
 * limit, which is what protects a server from a peer that stops reading.
 */
public enum BackpressurePolicy {
    /** Close the connection with 1008 (policy violation): the default. */
    CLOSE,
    /** Drop the message: {@code send} returns false and the listener's {@code onError} hears of it. */
    DROP
}
