package dev.anemone.stomp;

/** The commands of STOMP 1.0–1.2: those a client sends, then those a server sends. */
public enum StompCommand {
    CONNECT, STOMP, SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, BEGIN, COMMIT, ABORT, DISCONNECT,
    CONNECTED, MESSAGE, RECEIPT, ERROR;

    /** Whether a client sends this command (a server sends the rest). */
    public boolean fromClient() {
        return ordinal() <= DISCONNECT.ordinal();
    }

    /**
     * Whether this command's headers are never escaped: CONNECT and CONNECTED, so that a 1.0 peer
     * can read them before a version is agreed (STOMP 1.2, "Value Encoding").
     */
    public boolean rawHeaders() {
        return this == CONNECT || this == CONNECTED;
    }

    /** The command named {@code name} exactly, or null when STOMP has none of that name. */
    public static StompCommand named(String name) {
        for (StompCommand command : values()) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        return null;
    }
}
