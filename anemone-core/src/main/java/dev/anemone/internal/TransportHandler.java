package dev.anemone.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What a {@link Transport} tells the layer above it. All calls come on the loop thread. */
interface TransportHandler {

    /** Bytes arrived, between the buffer's position and limit; the buffer is the loop's, so copy what must outlive the call. */
    void onData(ByteBuffer data);

    /**
     * The peer closed its side (a read returned end of stream). The handler closes the transport
     * (at once, or after its own last words): reading stays on, and end of stream is reported
     * again on every round of the loop until it does.
     */
    void onEof();

    /** Everything queued has been handed to the kernel. */
    default void onDrained() {
    }

    /** The transport is closed; {@code cause} is the I/O error that closed it, or null. */
    void onClosed(IOException cause);
}
