package dev.anemone.bench.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * {@link LoadShape.Broadcast}: connection 0 publishes, the rest count deliveries. The publisher
 * sends while fewer than {@code window} messages are undelivered to the average subscriber, so
 * the server is kept busy without its send buffers growing without bound.
 */
final class BroadcastWorkload implements Workload {

    private final Message message;
    private final int subscribers;
    private final int window;
    private final StartSignal start;
    private final LongAdder delivered;
    private Connection publisher;
    private long published;

    /** @param delivered deliveries counted by every loop, shared */
    BroadcastWorkload(LoadShape.Broadcast shape, StartSignal start, LongAdder delivered) {
        this.message = shape.message();
        this.subscribers = Math.max(1, shape.subscribers());
        this.window = shape.window();
        this.start = start;
        this.delivered = delivered;
    }

    @Override
    public void opened(LoadLoop loop, Connection connection, long now) {
        if (connection.id == 0) {
            connection.publisher = true;
            publisher = connection;
        }
    }

    @Override
    public void message(LoadLoop loop, Connection connection, int opcode, long length, long now) {
        if (connection.publisher) {
            // Some servers broadcast to the publisher too: not a delivery to a subscriber.
            return;
        }
        if (opcode != message.opcode() || length != message.payloadLength()) {
            loop.tally().error("unexpected broadcast on connection " + connection.id);
            return;
        }
        loop.tally().messages.increment();
        delivered.increment();
    }

    @Override
    public long poll(LoadLoop loop, long now) {
        if (publisher == null || publisher.state != Connection.State.OPEN || start.startedAt() == 0) {
            return IDLE;
        }
        long ahead = published - delivered.sum() / subscribers;
        if (ahead < window) {
            int batch = (int) (window - ahead);
            loop.send(publisher, message, batch);
            published += batch;
        }
        // Deliveries counted by other loops do not wake this one: look again soon.
        return 0;
    }
}
