package dev.anemone.stomp;

import java.util.Objects;

/**
 * The embedded broker's settings: every limit has a safe default and a knob.
 *
 * @param frameLimits the largest frame, header count and header line a client may send
 * @param maxSubscriptionsPerSession the most subscriptions one session may hold
 * @param maxUnackedPerSubscription the most messages a {@code client} or {@code client-individual}
 *     subscription holds unacknowledged; a queue waits for ACKs beyond it, a topic subscriber that
 *     passes it gets ERROR and is closed
 * @param maxPendingBytesPerSession the most bytes sent to a session and not yet taken by its
 *     socket; a queue skips such a session until it drains, a topic delivery past it closes it
 * @param maxQueuedMessages the most messages waiting in all queues together; a SEND beyond it gets ERROR
 * @param heartBeat what the broker offers in CONNECTED: how often it can send, how often it wants
 *     to hear from the client (milliseconds; 0 for never)
 * @param heartBeatGrace how many receive intervals may pass in silence before the session is closed
 * @param guard authentication and authorisation
 * @param serverName the CONNECTED frame's {@code server} header
 */
public record StompBrokerOptions(StompLimits frameLimits, int maxSubscriptionsPerSession, int maxUnackedPerSubscription,
                                 long maxPendingBytesPerSession, int maxQueuedMessages, HeartBeat heartBeat,
                                 double heartBeatGrace, StompGuard guard, String serverName) {

    /** Checks the values. */
    public StompBrokerOptions {
        Objects.requireNonNull(frameLimits, "frameLimits");
        Objects.requireNonNull(heartBeat, "heartBeat");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(serverName, "serverName");
        if (maxSubscriptionsPerSession < 1 || maxUnackedPerSubscription < 1 || maxPendingBytesPerSession < 1
                || maxQueuedMessages < 0 || heartBeatGrace < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The defaults: 64 KiB frames, 256 subscriptions, 1000 unacknowledged, 4 MiB pending, 100,000 queued, heart-beats 10 s both ways, grace 2. */
    public static StompBrokerOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link StompBrokerOptions}. */
    public static final class Builder {
        private StompLimits frameLimits = StompLimits.defaults();
        private int maxSubscriptionsPerSession = 256;
        private int maxUnackedPerSubscription = 1000;
        private long maxPendingBytesPerSession = 4L << 20;
        private int maxQueuedMessages = 100_000;
        private HeartBeat heartBeat = new HeartBeat(10_000, 10_000);
        private double heartBeatGrace = 2;
        private StompGuard guard = StompGuard.allowAll();
        private String serverName = "Anemone/0.1";

        private Builder() {
        }

        /** See {@link StompBrokerOptions#frameLimits()}. */
        public Builder frameLimits(StompLimits value) {
            frameLimits = value;
            return this;
        }

        /** See {@link StompBrokerOptions#maxSubscriptionsPerSession()}. */
        public Builder maxSubscriptionsPerSession(int value) {
            maxSubscriptionsPerSession = value;
            return this;
        }

        /** See {@link StompBrokerOptions#maxUnackedPerSubscription()}. */
        public Builder maxUnackedPerSubscription(int value) {
            maxUnackedPerSubscription = value;
            return this;
        }

        /** See {@link StompBrokerOptions#maxPendingBytesPerSession()}. */
        public Builder maxPendingBytesPerSession(long value) {
            maxPendingBytesPerSession = value;
            return this;
        }

        /** See {@link StompBrokerOptions#maxQueuedMessages()}. */
        public Builder maxQueuedMessages(int value) {
            maxQueuedMessages = value;
            return this;
        }

        /** See {@link StompBrokerOptions#heartBeat()}. */
        public Builder heartBeat(HeartBeat value) {
            heartBeat = value;
            return this;
        }

        /** See {@link StompBrokerOptions#heartBeatGrace()}. */
        public Builder heartBeatGrace(double value) {
            heartBeatGrace = value;
            return this;
        }

        /** See {@link StompBrokerOptions#guard()}. */
        public Builder guard(StompGuard value) {
            guard = value;
            return this;
        }

        /** See {@link StompBrokerOptions#serverName()}. */
        public Builder serverName(String value) {
            serverName = value;
            return this;
        }

        /** The options. */
        public StompBrokerOptions build() {
            return new StompBrokerOptions(frameLimits, maxSubscriptionsPerSession, maxUnackedPerSubscription,
                    maxPendingBytesPerSession, maxQueuedMessages, heartBeat, heartBeatGrace, guard, serverName);
        }
    }
}
