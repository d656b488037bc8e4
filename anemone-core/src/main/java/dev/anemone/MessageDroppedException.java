package dev.anemone;

/** A message {@code send} could not deliver, reported to {@link WebSocketListener#onError}. */
public final class MessageDroppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why it was dropped. */
    public MessageDroppedException(String reason) {
        super(reason, null, false, false);
    }
}
