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
    CLOSED;

    private static final ReadyState[] BY_CODE = values();

    /**
     * This state as one byte, for objects that live as long as a connection and keep their state
     * in a field: a byte rather than a reference saves them a word each.
     */
    public byte code() {
        return (byte) ordinal();
    }

    /** The state whose {@link #code()} is {@code code}. */
    public static ReadyState ofCode(byte code) {
        return BY_CODE[code];
    }
}
