package dev.anemone.internal;

import dev.anemone.BackpressurePolicy;
import dev.anemone.protocol.EngineConfig;
import java.time.Duration;

/**
 * The per-connection settings a server or client hands each of its sessions.
 *
 * @param engine the protocol limits and close timeout
 * @param maxBufferedBytes the most bytes {@code send} may leave queued before the policy applies
 * @param policy what happens past {@code maxBufferedBytes}
 * @param heartbeat how often to ping; zero for never. A peer that has sent nothing since the last ping is dropped
 * @param idleTimeout how long a connection may receive nothing before it is closed with 1001; zero for never
 * @param maxPendingMessages with callbacks on an executor, how many received messages may wait for it
 *     before reading from the connection pauses
 * @param endpoint the server endpoint whose sessions these settings are for, or null on a client:
 *     a server has one copy of its settings per endpoint, so that a session finds its server and
 *     endpoint through the settings it holds anyway, and a broadcast to one endpoint tells its
 *     sessions from the others' by the identity of their settings
 * @param receiveLimit how many messages and bytes a second a peer may send; past it, 1008
 */
public record SessionSettings(EngineConfig engine, long maxBufferedBytes, BackpressurePolicy policy,
                              Duration heartbeat, Duration idleTimeout, int maxPendingMessages,
                              ServerEndpoint endpoint, ReceiveLimit receiveLimit) {

    /** The pending messages allowed by default: enough to keep an executor busy, few enough to bound memory. */
    public static final int DEFAULT_MAX_PENDING_MESSAGES = 64;

    /** Checks the limits. */
    public SessionSettings {
        if (maxPendingMessages < 1) {
            throw new IllegalArgumentException("maxPendingMessages is at least 1: " + maxPendingMessages);
        }
    }

    /** Settings of no endpoint: a client's, or a server's before it is split among its endpoints. */
    public SessionSettings(EngineConfig engine, long maxBufferedBytes, BackpressurePolicy policy, Duration heartbeat,
                           Duration idleTimeout, int maxPendingMessages) {
        this(engine, maxBufferedBytes, policy, heartbeat, idleTimeout, maxPendingMessages, null, ReceiveLimit.NONE);
    }

    /** The same settings with {@code limit} on what each peer may send a second. */
    public SessionSettings withReceiveLimit(ReceiveLimit limit) {
        return new SessionSettings(engine, maxBufferedBytes, policy, heartbeat, idleTimeout, maxPendingMessages,
                endpoint, limit);
    }

    /** The same settings for the sessions of {@code serverEndpoint}. */
    SessionSettings forEndpoint(ServerEndpoint serverEndpoint) {
        return new SessionSettings(engine, maxBufferedBytes, policy, heartbeat, idleTimeout, maxPendingMessages,
                serverEndpoint, receiveLimit);
    }

    /** How often the loop should sweep to keep these timeouts, within a quarter of the shortest. */
    long sweepIntervalNanos() {
        long shortest = engine.closeTimeout().toNanos();
        if (!heartbeat.isZero()) {
            shortest = Math.min(shortest, heartbeat.toNanos());
        }
        if (!idleTimeout.isZero()) {
            shortest = Math.min(shortest, idleTimeout.toNanos());
        }
        return clampSweep(shortest / 4);
    }

    /** Keeps a sweep interval between 10 ms and 1 s. */
    static long clampSweep(long nanos) {
        return Math.max(10_000_000L, Math.min(nanos, 1_000_000_000L));
    }
}
