package dev.anemone.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Our server or our client as the system under test, with the raw peer on the other side. */
interface Role extends AutoCloseable {

    /** The close timeout the system under test is configured with. */
    Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    /** The largest message the system under test accepts. */
    long MAX_MESSAGE = 16L << 20;

    /** A connection, handshake done, the peer reading. */
    record Connection(RawPeer peer, CompletableFuture<EchoListener.Closed> sutClosed) implements AutoCloseable {
        @Override
        public void close() {
            peer.close();
        }
    }

    Case.Side side();

    /** What the report calls this role: its side, and the transport when it is not plain TCP. */
    default String label() {
        return side().name().toLowerCase();
    }

    /** Whether this role runs {@code c}: all of the catalogue, unless a role says otherwise. */
    default boolean covers(Case c) {
        return true;
    }

    /** A new connection configured for {@code c}. */
    Connection open(Case c) throws Exception;

    @Override
    void close() throws IOException;
}
