package dev.anemone.bench.load;

/** {@link LoadShape.Echo}: a window of {@code depth} messages per connection, refilled on each echo. */
final class EchoWorkload implements Workload {

    private final Message message;
    private final int depth;

    EchoWorkload(LoadShape.Echo shape) {
        this.message = shape.message();
        this.depth = shape.depth();
    }

    @Override
    public void opened(LoadLoop loop, Connection connection, long now) {
        connection.owed = depth;
        readDone(loop, connection, now);
    }

    @Override
    public void message(LoadLoop loop, Connection connection, int opcode, long length, long now) {
        long sentAt = connection.answered();
        if (sentAt < 0 || opcode != message.opcode() || length != message.payloadLength()) {
            loop.tally().error("unexpected echo on connection " + connection.id + ": opcode " + opcode
                    + ", " + length + " bytes");
        } else {
            loop.tally().latency(now - sentAt);
            loop.tally().messages.increment();
        }
        connection.owed++;
    }

    @Override
    public void readDone(LoadLoop loop, Connection connection, long now) {
        int owed = connection.owed;
        if (owed > 0) {
            connection.owed = 0;
            for (int i = 0; i < owed; i++) {
                connection.sent(now);
            }
            loop.send(connection, message, owed);
        }
    }
}
