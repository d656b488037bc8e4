package dev.anemone.bench;

import dev.anemone.protocol.Outbound;

import java.nio.ByteBuffer;

/** An {@link Outbound} that drops what it is given, as if the socket took every byte at once. */
final class DiscardingOutbound implements Outbound {

    static final DiscardingOutbound INSTANCE = new DiscardingOutbound();

    @Override
    public void write(ByteBuffer header, ByteBuffer payload) {
        header.position(header.limit());
        payload.position(payload.limit());
    }

    @Override
    public void closeTransport() {
    }
}
