package dev.anemone.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A binary message written as a stream: bytes are gathered into parts of up to
 * {@link #PART_SIZE} and sent as the message's frames; {@link #close()} sends the last. Off the
 * loop thread, sending a part waits while the connection's send buffer is over half its limit,
 * so a producer of any size keeps pace with the network instead of filling memory.
 */
final class PartOutputStream extends OutputStream {

    static final int PART_SIZE = 64 * 1024;

    private final Sender sender;
    private ByteBuffer part;
    private boolean closed;

    PartOutputStream(Sender sender) {
        this.sender = sender;
    }

    @Override
    public void write(int b) throws IOException {
        room().put((byte) b);
        sendIfFull();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        while (length > 0) {
            ByteBuffer room = room();
            int n = Math.min(length, room.remaining());
            room.put(bytes, offset, n);
            offset += n;
            length -= n;
            sendIfFull();
        }
    }

    /** Sends what was written so far as a part of the message, which stays open. */
    @Override
    public void flush() throws IOException {
        if (part != null && part.position() > 0) {
            send(false);
        }
    }

    /** Sends the last part, ending the message. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        room();
        send(true);
        closed = true;
    }

    private ByteBuffer room() throws IOException {
        if (closed) {
            throw new IOException("the message stream is closed");
        }
        if (part == null) {
            part = ByteBuffer.allocate(PART_SIZE);
        }
        return part;
    }

    private void sendIfFull() throws IOException {
        if (!part.hasRemaining()) {
            send(false);
        }
    }

    private void send(boolean last) throws IOException {
        sender.awaitBufferedAtMost(sender.maxBufferedBytes() / 2);
        ByteBuffer full = part.flip();
        // Given up, not copied: a new buffer is made for the next part.
        part = null;
        if (!sender.submitPart(false, full, last, true)) {
            closed = true;
            throw new IOException("the connection is closing; the message was not sent whole");
        }
    }
}
