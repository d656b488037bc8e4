package dev.anemone.bench.load;

import java.util.List;

/**
 * {@link LoadShape.Paced}: this loop's share of the rate, on a fixed schedule from a common
 * start. Each message is stamped with the moment it was due: if the loop falls behind it catches
 * up in a burst, and the wait shows in the latencies rather than vanishing.
 */
final class PacedWorkload implements Workload {

    private final Message message;
    private final StartSignal start;
    private final long intervalNanos;
    private final long offsetNanos;
    private long nextDue = -1;
    private int turn;

    /**
     * @param loopIndex this loop's place among {@code loops}: the loops' schedules interleave
     */
    PacedWorkload(LoadShape.Paced shape, StartSignal start, int loopIndex, int loops) {
        this.message = shape.message();
        this.start = start;
        double loopRate = shape.messagesPerSecond() / loops;
        this.intervalNanos = Math.max(1, Math.round(1e9 / loopRate));
        this.offsetNanos = Math.round(loopIndex * 1e9 / shape.messagesPerSecond());
    }

    @Override
    public void opened(LoadLoop loop, Connection connection, long now) {
    }

    @Override
    public void message(LoadLoop loop, Connection connection, int opcode, long length, long now) {
        long dueAt = connection.answered();
        if (dueAt < 0 || opcode != message.opcode() || length != message.payloadLength()) {
            loop.tally().error("unexpected echo on connection " + connection.id);
            return;
        }
        loop.tally().latency(now - dueAt);
        loop.tally().messages.increment();
    }

    @Override
    public long poll(LoadLoop loop, long now) {
        if (nextDue < 0) {
            long startedAt = start.startedAt();
            if (startedAt == 0) {
                return IDLE;
            }
            nextDue = startedAt + offsetNanos;
        }
        List<Connection> open = loop.openConnections();
        while (nextDue <= now && !open.isEmpty()) {
            Connection connection = open.get(turn++ % open.size());
            connection.sent(nextDue);
            loop.send(connection, message, 1);
            nextDue += intervalNanos;
        }
        return nextDue - now;
    }
}
