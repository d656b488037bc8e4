package dev.anemone.bench.load;

/**
 * {@link LoadShape.Idle}: one message and its echo per connection, then silence. The one
 * message makes the server set up whatever it sets up lazily (buffers, compression contexts).
 */
final class IdleWorkload implements Workload {

    private final Message message;

    IdleWorkload(LoadShape.Idle shape) {
        this.message = shape.message();
    }

    @Override
    public void opened(LoadLoop loop, Connection connection, long now) {
        connection.sent(now);
        loop.send(connection, message, 1);
    }

    @Override
    public void message(LoadLoop loop, Connection connection, int opcode, long length, long now) {
        long sentAt = connection.answered();
        if (sentAt < 0 || opcode != message.opcode() || length != message.payloadLength()) {
            loop.tally().error("unexpected echo on connection " + connection.id);
            return;
        }
        loop.tally().latency(now - sentAt);
        loop.tally().messages.increment();
    }
}
