package dev.anemone.sockjs.internal;

/**
 * Where a session's frames go: a response held open by a polling or streaming request, or a
 * WebSocket. A session has at most one at a time. Called with the session's lock held.
 */
public interface Receiver {

    /** Writes what comes before the frames (a streaming transport's prelude), as the session takes the receiver. */
    default void begin() {
    }

    /**
     * Sends one frame.
     *
     * @return true while the receiver takes more frames; false once it is done (a polling response
     *     has its frame, a streaming one reached its limit, or the client left)
     */
    boolean send(String frame);

    /** Ends the receiver (the response ends; a WebSocket closes with {@code code} and {@code reason}). */
    void end(int code, String reason);
}
