package dev.anemone;

import dev.anemone.protocol.CloseStatus;

/**
 * What {@code send} does when a connection's {@link WebSocket#bufferedAmount()} would pass its
 * limit, which is what protects a server from a peer that stops reading.
 */
public enum BackpressurePolicy {
    /** Close the connection with 1008 (policy violation): the default. */
    CLOSE,
    /**
     * Close the connection with 1013 (try again later): for a subscriber that can come back and
     * catch up, told that the server was overloaded rather than that it broke a rule.
     */
    CLOSE_TRY_AGAIN_LATER,
    /** Drop the message: {@code send} returns false and the listener's {@code onError} hears of it. */
    DROP;

    /** The close code this policy closes with, or 0 if it drops the message instead. */
    public int closeCode() {
        return switch (this) {
            case CLOSE -> CloseStatus.POLICY_VIOLATION;
            case CLOSE_TRY_AGAIN_LATER -> CloseStatus.TRY_AGAIN_LATER;
            case DROP -> 0;
        };
    }
}
