package dev.anemone;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings a server and a client give each of their connections alike: message limits,
 * the send buffer and its policy, permessage-deflate, and where callbacks run. Both
 * {@link WebSocketServer.Builder} and {@link ClientOptions.Builder} have them, under the same
 * names, from here.
 *
 * @param <B> the builder, returned by every setter so that calls chain
 */
public abstract sealed class ConnectionBuilder<B extends ConnectionBuilder<B>>
        permits WebSocketServer.Builder, ClientOptions.Builder {

    /** What a connection's messages may be, frames and all. */
    EngineConfig engine = EngineConfig.defaults();
    long maxBufferedBytes = 16L * 1024 * 1024;
    BackpressurePolicy policy = BackpressurePolicy.CLOSE;
    /** permessage-deflate to offer, or null for none. */
    DeflateOptions compression;
    /** Where callbacks run, or null for the event loop. */
    Executor executor;
    int maxPendingMessages = 64;

    ConnectionBuilder() {
    }

    /** This builder, typed as itself. */
    abstract B self();

    /** The largest message accepted (default 16 MiB); larger ones fail with 1009. */
    public B maxMessageSize(long bytes) {
        engine = engine.withMaxMessageSize(bytes);
        return self();
    }

    /**
     * The most frames one received message may come in (default: one per KiB of
     * {@link #maxMessageSize}, at least 16384, so 16 MiB in 1 KiB fragments); past it the
     * connection fails with 1009, as for a message too big. Empty continuation frames grow no
     * buffer, so this is what bounds an endless stream of them.
     */
    public B maxFragmentsPerMessage(int frames) {
        engine = engine.withMaxFragmentsPerMessage(frames);
        return self();
    }

    /** Splits outgoing messages into frames of this size (default 0: never). */
    public B fragmentSize(int bytes) {
        engine = engine.withFragmentSize(bytes);
        return self();
    }

    /** How long a closing handshake may take before the connection is dropped (default 5 s). */
    public B closeTimeout(Duration value) {
        engine = engine.withCloseTimeout(value);
        return self();
    }

    /**
     * The most bytes a connection may have queued for sending (default 16 MiB), and what happens
     * past it (default {@link BackpressurePolicy#CLOSE}: close with 1008).
     */
    public B maxBufferedBytes(long bytes, BackpressurePolicy whenFull) {
        maxBufferedBytes = bytes;
        policy = Objects.requireNonNull(whenFull, "whenFull");
        return self();
    }

    /**
     * Offers permessage-deflate (RFC 7692) with these options (default: null, off). Browsers ask
     * for it on every connection; see {@link DeflateOptions} for what it costs in memory.
     */
    public B perMessageDeflate(DeflateOptions options) {
        compression = options;
        return self();
    }

    /**
     * Runs the listeners' callbacks on {@code value} instead of the event loops (default: null,
     * on the loops, which is fastest; a callback there must never block). Callbacks of one
     * connection still run one at a time and in order, each message handed over owns its
     * bytes, and while more than {@link #maxPendingMessages} of a connection's messages wait
     * for the executor, reading from that connection pauses: a slow handler pushes back on its
     * peer through TCP rather than onto the heap. This is how blocking code (a database call
     * in {@code onText}) is written: on JDK 21 and later give it
     * {@code Executors.newVirtualThreadPerTaskExecutor()}; on 17, a pool sized for the
     * blocking work. A server's endpoint may have its own ({@link Endpoint#withExecutor}).
     */
    public B executor(Executor value) {
        executor = value;
        return self();
    }

    /**
     * With an {@link #executor}, how many of a connection's received messages may wait for it
     * before reading from that connection pauses (default 64); reading resumes at half.
     */
    public B maxPendingMessages(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxPendingMessages is at least 1: " + value);
        }
        maxPendingMessages = value;
        return self();
    }
}
