package dev.anemone.bench.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LoadShape.Storm}: each connection closes (1000) as soon as it is open; once the server
 * has answered and closed the TCP connection, the cycle counts and another connection starts,
 * until the shared budget of cycles is spent.
 */
final class StormWorkload implements Workload {

    /** A server that has not closed the TCP connection this long after the closing handshake is stuck. */
    private static final long CLOSE_WAIT_NANOS = 2_000_000_000L;

    private final int concurrency;
    private final AtomicLong budget;
    private long lastCheck;

    /** @param concurrency this loop's share of the cycles in progress at once */
    StormWorkload(int concurrency, AtomicLong budget) {
        this.concurrency = concurrency;
        this.budget = budget;
    }

    @Override
    public void opened(LoadLoop loop, Connection connection, long now) {
        loop.startClosing(connection, now);
    }

    @Override
    public void message(LoadLoop loop, Connection connection, int opcode, long length, long now) {
        loop.tally().error("unexpected message during a storm on connection " + connection.id);
    }

    @Override
    public void closed(LoadLoop loop, Connection connection, long now) {
        loop.tally().messages.increment();
    }

    @Override
    public long poll(LoadLoop loop, long now) {
        int missing = concurrency - loop.active();
        while (missing > 0 && budget.getAndDecrement() > 0) {
            loop.requestConnections(1);
            missing--;
        }
        if (now - lastCheck > 100_000_000L) {
            lastCheck = now;
            for (Connection connection : loop.openConnections().toArray(new Connection[0])) {
                if (connection.state == Connection.State.CLOSING && now - connection.closingSince > CLOSE_WAIT_NANOS) {
                    loop.tally().error("the server kept connection " + connection.id + " open after closing");
                    loop.drop(connection);
                }
            }
        }
        return 10_000_000L;
    }
}
