package dev.anemone.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What a transport could not write yet, in two lanes: data in the order written, and control
 * frames that may pass queued data at a frame boundary. It exists only while it holds bytes.
 *
 * <p>Small writes are packed together into chunks, so a flood of tiny frames (pongs to a ping
 * flood, say) costs about its own size in memory rather than an object per frame, and each
 * flush hands the kernel up to {@link #MAX_GATHER} buffers in one gathering write.
 */
final class WriteQueue {

    /** Writes up to this size are packed into shared chunks of this capacity; larger ones get their own buffer. */
    static final int CHUNK_SIZE = 4096;
    /** The most buffers one gathering write hands the kernel. */
    static final int MAX_GATHER = 64;

    private final Lane data = new Lane();
    private final Lane ahead = new Lane();
    private long bytes;
    /**
     * {@link #bytes} as last published by the loop thread for readers on any thread (a
     * connection's {@code bufferedAmount}); kept here rather than in the transport, since it is
     * zero whenever there is no queue.
     */
    private volatile long publishedBytes;

    /** Queues a copy of {@code header} and {@code payload} behind all data. */
    void add(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
        bytes += data.add(header, payload, endsFrame);
    }

    /** Queues a copy of a whole control frame ahead of data, at the first frame boundary. */
    void addAhead(ByteBuffer header, ByteBuffer payload) {
        bytes += ahead.add(header, payload, true);
    }

    /** The bytes queued. */
    long bytes() {
        return bytes;
    }

    /** Makes the current size visible to {@link #publishedBytes()} on other threads. Loop thread. */
    void publishSize() {
        publishedBytes = bytes;
    }

    /** The size last published; any thread. */
    long publishedBytes() {
        return publishedBytes;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /**
     * Writes as much as the channel takes in one gathering write, using {@code gather} (at least
     * {@link #MAX_GATHER} slots) as scratch; returns the bytes written.
     */
    long flushTo(GatheringByteChannel channel, ByteBuffer[] gather) throws IOException {
        // A control frame the kernel took only part of is finished first: the data before it
        // ended a frame, and no data may come between its bytes. Control frames go at once when
        // the data written last ended a frame.
        int dataBeforeAhead = ahead.isEmpty() || ahead.firstStarted() || data.atFrameStart()
                ? 0 : data.throughFirstFrameEnd();
        int count = data.collect(gather, 0, 0, dataBeforeAhead);
        count = ahead.collect(gather, count, 0, ahead.size());
        count = data.collect(gather, count, dataBeforeAhead, data.size());
        long written;
        try {
            written = channel.write(gather, 0, count);
        } finally {
            Arrays.fill(gather, 0, count, null);
        }
        bytes -= written;
        // What was written is a prefix of the order above: drop the buffers it emptied.
        data.dropWritten(dataBeforeAhead);
        ahead.dropWritten(ahead.size());
        data.dropWritten(data.size());
        return written;
    }

    /** One lane: buffers in order, the last of them packed with small writes while it has room. */
    private static final class Lane {
        private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
        /** Whether each buffer, in the same order, ends at a frame boundary. */
        private final ArrayDeque<Boolean> frameEnds = new ArrayDeque<>();
        /** The last buffer, still open for packing (position = end of its bytes), or null. */
        private ByteBuffer packing;
        /** Whether the last buffer written and dropped ended a frame; not known before the first. */
        private boolean droppedEndsFrame;

        int add(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
            int size = header.remaining() + payload.remaining();
            if (size == 0) {
                return 0;
            }
            if (packing != null && packing.capacity() - packing.limit() >= size) {
                int start = packing.position();
                int end = packing.limit();
                packing.limit(end + size).position(end);
                packing.put(header).put(payload).position(start);
                frameEnds.pollLast();
                frameEnds.add(endsFrame);
                return size;
            }
            boolean pack = size <= CHUNK_SIZE;
            ByteBuffer copy = ByteBuffer.allocate(pack ? CHUNK_SIZE : size);
            copy.put(header).put(payload).flip();
            buffers.add(copy);
            frameEnds.add(endsFrame);
            packing = pack ? copy : null;
            return size;
        }

        boolean isEmpty() {
            return buffers.isEmpty();
        }

        int size() {
            return buffers.size();
        }

        /** Whether the first buffer was partly written: a buffer is copied in from position 0. */
        boolean firstStarted() {
            return !buffers.isEmpty() && buffers.peekFirst().position() > 0;
        }

        /** Whether the first buffer starts a frame: nothing of it is written, and the buffer before it ended one. */
        boolean atFrameStart() {
            return droppedEndsFrame && !firstStarted();
        }

        /** How many buffers, from the first, must go before a control frame may: through the first that ends a frame. */
        int throughFirstFrameEnd() {
            int n = 0;
            for (Boolean ends : frameEnds) {
                n++;
                if (ends) {
                    return n;
                }
            }
            return n;
        }

        /** Puts buffers {@code from} to {@code to} (as counted now) into {@code gather} from {@code count}; returns the new count. */
        int collect(ByteBuffer[] gather, int count, int from, int to) {
            int i = 0;
            for (ByteBuffer buffer : buffers) {
                if (i >= to || count >= MAX_GATHER) {
                    break;
                }
                if (i >= from) {
                    gather[count++] = buffer;
                }
                i++;
            }
            return count;
        }

        /** Drops emptied buffers from the front, at most {@code max}; stops at the first with bytes left. */
        void dropWritten(int max) {
            for (int i = 0; i < max && !buffers.isEmpty() && !buffers.peekFirst().hasRemaining(); i++) {
                ByteBuffer done = buffers.pollFirst();
                droppedEndsFrame = frameEnds.pollFirst();
                if (done == packing) {
                    packing = null;
                }
            }
        }
    }
}
