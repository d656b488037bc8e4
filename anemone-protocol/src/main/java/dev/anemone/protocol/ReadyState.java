package dev.anemone.protocol;

/** The four states of a WebSocket connection, as the browser's {@code readyState} names them. */
public enum ReadyState {
    /** The opening handshake is under way. */
    CONNECTING,
    /** Messages flow both ways. */
    OPEN,
    /** A Close frame has been sent or received; the closing handshake is under way. */
    CLOSING,
    /** The transport is gone. */
    CLOSED
}
