package dev.anemone.bench.load;

/**
 * What connections do once open: one instance per loop, called on that loop's thread only.
 * Implementations send through the loop and count into its {@link Tally}.
 */
interface Workload {

    /** Nothing to do until woken: the loop sleeps in select for a while. */
    long IDLE = Long.MAX_VALUE;

    /** The handshake of {@code connection} succeeded. */
    void opened(LoadLoop loop, Connection connection, long now);

    /** A whole data message arrived on {@code connection}: its opcode and uncompressed size. */
    void message(LoadLoop loop, Connection connection, int opcode, long length, long now);

    /** Every frame of one read has been handled: the moment to send what is owed, in one write. */
    default void readDone(LoadLoop loop, Connection connection, long now) {
    }

    /** The server sent a close frame; by default that is an error (the server is not meant to close). */
    default void closeReceived(LoadLoop loop, Connection connection, long now) {
        loop.tally().error("the server closed connection " + connection.id);
        loop.drop(connection);
    }

    /** The closing handshake this side started is over and the server closed the TCP connection. */
    default void closed(LoadLoop loop, Connection connection, long now) {
    }

    /**
     * Called every turn of the loop.
     *
     * @return nanoseconds until it wants to be called again ({@link #IDLE} for no hurry); under a
     *     millisecond the loop polls without sleeping
     */
    default long poll(LoadLoop loop, long now) {
        return IDLE;
    }
}
