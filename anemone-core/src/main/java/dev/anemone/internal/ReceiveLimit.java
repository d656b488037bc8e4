package dev.anemone.internal;

/**
 * How fast one connection may send to us: messages and bytes (every byte read, frames and all) a
 * second. Shared by all the sessions of an endpoint; a client's sessions have none.
 *
 * @param messagesPerSecond the most messages a second (0: no limit)
 * @param bytesPerSecond the most bytes a second (0: no limit)
 */
public record ReceiveLimit(int messagesPerSecond, long bytesPerSecond) {

    /** No limit, as on a client. */
    public static final ReceiveLimit NONE = new ReceiveLimit(0, 0);

    /** Checks the limits. */
    public ReceiveLimit {
        if (messagesPerSecond < 0 || bytesPerSecond < 0) {
            throw new IllegalArgumentException("rates are 0 (off) or more: " + messagesPerSecond + ", " + bytesPerSecond);
        }
    }

    /** Whether there is any limit to keep. */
    boolean isSet() {
        return messagesPerSecond > 0 || bytesPerSecond > 0;
    }
}
