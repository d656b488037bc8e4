package dev.anemone.internal;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;

/**
 * A channel registered with its loop's {@link Poller}: which readiness its handler wants to hear
 * of, and the channel's I/O. Reads and writes go through the registration rather than the
 * channel, so that a poller of its own (epoll, without the JDK's selector) can also do them its
 * own way. Interest is given in {@link java.nio.channels.SelectionKey}'s {@code OP_} bits.
 * Loop thread only, like the channel's other state.
 */
interface Registration extends ByteChannel, GatheringByteChannel {

    /** Sets which readiness the handler is told of; throws {@code CancelledKeyException} once cancelled. */
    void interestOps(int ops);

    /** Hands readiness to {@code handler} from now on. */
    void attach(Selectable handler);

    /** Whether it was neither cancelled nor its channel closed. */
    boolean isValid();

    /**
     * Shuts the socket's output down once everything written through the registration has gone
     * to the kernel.
     */
    void shutdownOutput() throws IOException;

    /** Stops polling the channel and leaves it open. */
    void cancel();

    /** Stops polling the channel and closes it. */
    @Override
    void close() throws IOException;
}
