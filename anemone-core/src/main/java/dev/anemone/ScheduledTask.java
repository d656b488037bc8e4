package dev.anemone;

/**
 * A task scheduled on a connection ({@link WebSocket#schedule}) or on a server
 * ({@link WebSocketServer#schedule}); cancelling it stops it. A connection's tasks stop by
 * themselves when it closes, a server's when it stops.
 */
public interface ScheduledTask {

    /**
     * Stops the task: it does not run again, though a run already under way finishes. Safe from
     * any thread, the task itself included, and any number of times.
     *
     * @return true if this call stopped it; false if it was stopped already, or had run its only time
     */
    boolean cancel();

    /** Whether the task was stopped: cancelled, or its connection closed or its server stopped. */
    boolean isCancelled();
}
