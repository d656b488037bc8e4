package dev.anemone.bench.load;

/** What the generator's connections do; one of the records below. */
public sealed interface LoadShape {

    /**
     * Closed loop: every connection keeps {@code depth} messages in flight and sends a new one
     * for each echo; latency is send to echo.
     */
    record Echo(Message message, int depth) implements LoadShape {
    }

    /**
     * Open loop at a fixed total rate, spread over the connections in turn, from
     * {@link LoadGenerator#begin()} on. Latency counts from when each message was due, not when
     * it went out, so a stalled server cannot hide its stall (no coordinated omission).
     */
    record Paced(Message message, double messagesPerSecond) implements LoadShape {
    }

    /**
     * The first connection publishes, every other one subscribes; the publisher keeps about
     * {@code window} messages undelivered to the average subscriber. Counts deliveries.
     */
    record Broadcast(Message message, int subscribers, int window) implements LoadShape {
    }

    /**
     * Connect, upgrade, close, again: each loop keeps its share of {@code concurrency} cycles
     * going until {@code maxCycles} have started. Counts completed cycles.
     */
    record Storm(int concurrency, long maxCycles) implements LoadShape {
    }

    /** Each connection sends one message, gets its echo, then stays idle. */
    record Idle(Message message) implements LoadShape {
    }
}
