package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteQueueTest {

    private final WriteQueue queue = new WriteQueue();
    private final CountingChannel channel = new CountingChannel();
    private final ByteBuffer[] gather = new ByteBuffer[WriteQueue.MAX_GATHER];

    // ------------------------------------------------------------ data

    @Test
    void dataLeavesInTheOrderItWasAdded() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] sizes = {1, 10, 300, WriteQueue.CHUNK_SIZE, WriteQueue.CHUNK_SIZE + 1, 7, 20_000, 3, 4000, 97};
        for (int i = 0; i < sizes.length; i++) {
            byte[] header = bytes(i % 3 == 0 ? 0 : 2, 'h', i);
            byte[] payload = bytes(sizes[i], 'a', i);
            queue.add(ByteBuffer.wrap(header), ByteBuffer.wrap(payload), true);
            expected.write(header);
            expected.write(payload);
        }
        // A kernel that takes an awkward number of bytes at a time.
        channel.limit = 333;
        flushUntilEmpty();

        assertSameBytes(channel.written(), expected.toByteArray());
        assertThat(queue.bytes()).isZero();
        assertThat(gather).as("the scratch array is left empty").containsOnlyNulls();
    }

    @Test
    void emptyWritesAreIgnored() throws IOException {
        queue.add(SocketTransport.EMPTY, SocketTransport.EMPTY, true);
        queue.addAhead(SocketTransport.EMPTY, SocketTransport.EMPTY);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.flushTo(channel, gather)).isZero();
    }

    @Test
    void manySmallWritesArePackedIntoFewBuffersHandedOverInOneCall() throws IOException {
        int writes = 1000;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < writes; i++) {
            byte[] frame = bytes(10, 'p', i);
            queue.add(ByteBuffer.wrap(frame, 0, 2), ByteBuffer.wrap(frame, 2, 8), true);
            expected.write(frame);
        }
        flushUntilEmpty();

        int total = writes * 10;
        assertThat(channel.calls).as("one flush took everything").hasSize(1);
        int buffers = channel.calls.get(0).size();
        assertThat(buffers)
                .as("10-byte writes packed into chunks, not a buffer each")
                .isGreaterThan(1)
                .isLessThanOrEqualTo(total / WriteQueue.CHUNK_SIZE + 2);
        assertSameBytes(channel.written(), expected.toByteArray());
    }

    @Test
    void oneFlushHandsOverAtMostMaxGatherBuffers() throws IOException {
        int writes = WriteQueue.MAX_GATHER + 36;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < writes; i++) {
            byte[] big = bytes(WriteQueue.CHUNK_SIZE + 1, 'b', i);
            queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(big), true);
            expected.write(big);
        }

        long first = queue.flushTo(channel, gather);

        assertThat(channel.calls.get(0)).hasSize(WriteQueue.MAX_GATHER);
        assertThat(first).isEqualTo((long) WriteQueue.MAX_GATHER * (WriteQueue.CHUNK_SIZE + 1));
        flushUntilEmpty();
        assertThat(channel.calls).allSatisfy(call -> assertThat(call.size()).isLessThanOrEqualTo(WriteQueue.MAX_GATHER));
        assertThat(channel.calls.get(1)).hasSize(36);
        assertSameBytes(channel.written(), expected.toByteArray());
    }

    @Test
    void aWriteLargerThanAChunkGetsABufferOfItsOwn() throws IOException {
        byte[] small1 = bytes(100, 's', 1);
        byte[] big = bytes(WriteQueue.CHUNK_SIZE + 1, 'B', 2);
        byte[] small2 = bytes(50, 's', 3);
        byte[] small3 = bytes(60, 's', 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(small1), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(big), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(small2), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(small3), true);

        queue.flushTo(channel, gather);

        // The big write neither joins the chunk before it nor lets later writes pack into it.
        assertThat(channel.calls.get(0)).containsExactly(100, WriteQueue.CHUNK_SIZE + 1, 50 + 60);
        assertSameBytes(channel.written(), concat(small1, big, small2, small3));
    }

    @Test
    void bytesCountsExactlyWhatIsLeftAfterPartialWrites() throws IOException {
        long total = 0;
        for (int i = 0; i < 50; i++) {
            int size = i % 7 == 0 ? WriteQueue.CHUNK_SIZE + 13 * i : 3 + 17 * i;
            queue.add(ByteBuffer.wrap(bytes(2, 'h', i)), ByteBuffer.wrap(bytes(size, 'd', i)), true);
            total += 2 + size;
            if (i % 5 == 0) {
                queue.addAhead(ByteBuffer.wrap(bytes(2, 'H', i)), ByteBuffer.wrap(bytes(i, 'c', i)));
                total += 2 + i;
            }
            assertThat(queue.bytes()).isEqualTo(total);
        }
        channel.limit = 1_009;
        while (!queue.isEmpty()) {
            long before = queue.bytes();
            long written = queue.flushTo(channel, gather);
            assertThat(written).isPositive().isLessThanOrEqualTo(channel.limit);
            assertThat(queue.bytes()).isEqualTo(before - written);
            total -= written;
            assertThat(queue.bytes()).isEqualTo(total);
        }
        assertThat(total).isZero();
        assertThat(channel.written()).hasSize(channel.totalWritten);
    }

    @Test
    void aPartlyWrittenPackedChunkCanStillBeAppendedTo() throws IOException {
        byte[] first = bytes(100, 'x', 1);
        byte[] second = bytes(100, 'y', 2);
        byte[] third = bytes(WriteQueue.CHUNK_SIZE - 210, 'z', 3);
        byte[] fourth = bytes(80, 'w', 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(first), true);
        channel.limit = 30;
        queue.flushTo(channel, gather);

        // Appended to the chunk whose first 30 bytes are gone.
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(second), true);
        channel.limit = 50;
        queue.flushTo(channel, gather);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(third), true);   // still fits behind them
        // No longer fits behind the others: a new chunk.
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(fourth), true);
        assertThat(queue.bytes()).isEqualTo(200 - 80 + third.length + fourth.length);
        channel.limit = 41;
        flushUntilEmpty();

        assertThat(channel.calls.get(1)).as("the second write packed into the same chunk").hasSize(1);
        assertThat(channel.calls.get(2)).as("the fourth no longer fits").hasSize(2);
        assertSameBytes(channel.written(), concat(first, second, third, fourth));
    }

    // ------------------------------------------------------------ control frames ahead

    @Test
    void aControlFrameGoesAheadOfQueuedDataAfterTheFrameInProgress() throws IOException {
        byte[] firstPart = bytes(WriteQueue.CHUNK_SIZE + 10, '1', 1);   // does not end its frame
        byte[] lastPart = bytes(WriteQueue.CHUNK_SIZE + 20, '2', 2);    // ends it
        byte[] nextFrame = bytes(WriteQueue.CHUNK_SIZE + 30, '3', 3);
        byte[] pong = bytes(6, 'P', 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(firstPart), false);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(lastPart), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(nextFrame), true);
        queue.addAhead(ByteBuffer.wrap(pong, 0, 2), ByteBuffer.wrap(pong, 2, 4));

        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(firstPart, lastPart, pong, nextFrame));
    }

    @Test
    void aControlFrameWaitsForTheEndOfAFramePackedIntoOneChunk() throws IOException {
        byte[] firstPart = bytes(10, '1', 2);
        byte[] lastPart = bytes(10, '2', 3);
        byte[] later = bytes(WriteQueue.CHUNK_SIZE + 1, 'L', 4);
        byte[] ping = bytes(2, 'P', 5);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(firstPart), false);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(lastPart), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(later), true);
        queue.addAhead(ByteBuffer.wrap(ping), SocketTransport.EMPTY);

        channel.limit = 7;
        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(firstPart, lastPart, ping, later));
    }

    @Test
    void aControlFrameNeverSplitsADataEntryThatWasPartlyWritten() throws IOException {
        byte[] data = bytes(WriteQueue.CHUNK_SIZE + 100, 'd', 1);
        byte[] small = bytes(30, 's', 2);
        byte[] after = bytes(50, 'a', 3);
        byte[] pong = bytes(5, 'P', 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(small), true);
        channel.limit = 1000;
        queue.flushTo(channel, gather);
        assertThat(queue.bytes()).isEqualTo(data.length - 1000 + small.length);

        queue.addAhead(ByteBuffer.wrap(pong), SocketTransport.EMPTY);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(after), true);
        channel.limit = Integer.MAX_VALUE;
        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(data, pong, small, after));
    }

    @Test
    void aControlFrameNeverSplitsAPartlyWrittenPackedChunk() throws IOException {
        byte[] first = bytes(40, 'f', 1);
        byte[] second = bytes(40, 's', 2);
        byte[] third = bytes(WriteQueue.CHUNK_SIZE + 1, 't', 3);
        byte[] pong = control(4, 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(first), true);
        channel.limit = 15;
        queue.flushTo(channel, gather);

        // A frame in two pieces joins the partly written chunk, which then no longer ends a frame.
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(second), false);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(third), true);
        queue.addAhead(ByteBuffer.wrap(pong), SocketTransport.EMPTY);
        channel.limit = 9;
        flushUntilEmpty();

        // Where the pong may go: after the first frame, or after the second; never 15 bytes in.
        checkInterleaving(channel.written(), concat(first, second, third),
                List.of(0, first.length, first.length + second.length + third.length), List.of(pong), 0);
    }

    @Test
    void aPartlyWrittenControlFrameIsFinishedBeforeAnyMoreData() throws IOException {
        byte[] data = bytes(WriteQueue.CHUNK_SIZE + 100, 'd', 1);
        byte[] pong = bytes(20, 'P', 2);
        byte[] more = bytes(WriteQueue.CHUNK_SIZE + 200, 'm', 3);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(data), true);
        queue.addAhead(ByteBuffer.wrap(pong), SocketTransport.EMPTY);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(more), true);

        // The kernel takes the data frame and only the beginning of the pong.
        channel.limit = data.length + 5;
        queue.flushTo(channel, gather);
        channel.limit = Integer.MAX_VALUE;
        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(data, pong, more));
    }

    @Test
    void aControlFrameGoesNextWhenTheDataWrittenLastEndedAFrame() throws IOException {
        byte[] first = bytes(WriteQueue.CHUNK_SIZE + 100, '1', 1);
        byte[] second = bytes(WriteQueue.CHUNK_SIZE + 200, '2', 2);
        byte[] third = bytes(WriteQueue.CHUNK_SIZE + 300, '3', 3);
        byte[] ping = bytes(6, 'P', 4);
        byte[] pong = bytes(6, 'Q', 5);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(first), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(second), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(third), true);
        queue.addAhead(ByteBuffer.wrap(ping), SocketTransport.EMPTY);

        // The kernel takes the first frame to its last byte, and not one more...
        channel.limit = first.length;
        queue.flushTo(channel, gather);
        // ...so the ping may go now, and so may a pong queued after that.
        queue.addAhead(ByteBuffer.wrap(pong), SocketTransport.EMPTY);
        channel.limit = Integer.MAX_VALUE;
        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(first, ping, pong, second, third));
    }

    @Test
    void aControlFrameWaitsWhenTheDataWrittenLastDidNotEndAFrame() throws IOException {
        byte[] firstPart = bytes(WriteQueue.CHUNK_SIZE + 100, '1', 1);
        byte[] lastPart = bytes(WriteQueue.CHUNK_SIZE + 200, '2', 2);
        byte[] next = bytes(WriteQueue.CHUNK_SIZE + 300, '3', 3);
        byte[] ping = bytes(6, 'P', 4);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(firstPart), false);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(lastPart), true);
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(next), true);
        channel.limit = firstPart.length;
        queue.flushTo(channel, gather);

        queue.addAhead(ByteBuffer.wrap(ping), SocketTransport.EMPTY);
        channel.limit = Integer.MAX_VALUE;
        flushUntilEmpty();

        assertSameBytes(channel.written(), concat(firstPart, lastPart, ping, next));
    }

    @Test
    void controlFramesKeepTheirOrderAmongThemselves() throws IOException {
        byte[] data1 = bytes(3000, 'd', 1);
        byte[] data2 = bytes(3000, 'e', 2);
        List<byte[]> controls = new ArrayList<>();
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(data1), true);
        for (int i = 0; i < 10; i++) {
            byte[] control = control(2 + i, i);
            controls.add(control);
            queue.addAhead(ByteBuffer.wrap(control, 0, 2), ByteBuffer.wrap(control, 2, i));
        }
        queue.add(SocketTransport.EMPTY, ByteBuffer.wrap(data2), true);
        byte[] bigControl = control(WriteQueue.CHUNK_SIZE + 5, 99);
        controls.add(bigControl);
        queue.addAhead(ByteBuffer.wrap(bigControl), SocketTransport.EMPTY);
        byte[] lastControl = control(3, 100);
        controls.add(lastControl);
        queue.addAhead(ByteBuffer.wrap(lastControl), SocketTransport.EMPTY);

        channel.limit = 500;
        flushUntilEmpty();

        // Small ones packed together, a big one on its own: all whole, in order, between data frames.
        checkInterleaving(channel.written(), concat(data1, data2), List.of(0, data1.length, data1.length + data2.length), controls, 0);
    }

    /**
     * Random writes, control frames and partial flushes, as a transport makes them: every frame a
     * caller starts is complete before the queue is flushed (the engine writes a frame in one
     * go). Whatever the kernel takes, the data comes out in order, and each control frame comes
     * out whole, in order, at a boundary between data frames.
     */
    @Test
    void randomInterleavingsKeepDataInOrderAndControlFramesWholeAtFrameBoundaries() throws IOException {
        Random random = new Random(20240611);
        for (int round = 0; round < 300; round++) {
            WriteQueue q = new WriteQueue();
            CountingChannel out = new CountingChannel();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            List<Integer> frameEnds = new ArrayList<>();
            frameEnds.add(0);
            List<byte[]> controls = new ArrayList<>();
            boolean inFrame = false;
            int tag = 0;
            for (int step = 0; step < 60; step++) {
                int action = random.nextInt(10);
                if (action < 5 || inFrame) {
                    int size = random.nextInt(8) == 0 ? WriteQueue.CHUNK_SIZE + random.nextInt(3000) : 1 + random.nextInt(300);
                    byte[] piece = bytes(size, 'd', tag++);
                    boolean ends = random.nextInt(3) != 0;
                    q.add(SocketTransport.EMPTY, ByteBuffer.wrap(piece), ends);
                    data.write(piece);
                    inFrame = !ends;
                    if (ends) {
                        frameEnds.add(data.size());
                    }
                } else if (action < 7) {
                    byte[] control = control(2 + random.nextInt(40), tag++);
                    q.addAhead(ByteBuffer.wrap(control), SocketTransport.EMPTY);
                    controls.add(control);
                } else {
                    out.limit = 1 + random.nextInt(random.nextBoolean() ? 50 : 9000);
                    long before = q.bytes();
                    long written = q.flushTo(out, gather);
                    assertThat(q.bytes()).isEqualTo(before - written);
                }
            }
            while (inFrame) {
                byte[] piece = bytes(1 + random.nextInt(100), 'd', tag++);
                q.add(SocketTransport.EMPTY, ByteBuffer.wrap(piece), true);
                data.write(piece);
                frameEnds.add(data.size());
                inFrame = false;
            }
            out.limit = 1 + random.nextInt(5000);
            while (!q.isEmpty()) {
                q.flushTo(out, gather);
            }
            checkInterleaving(out.written(), data.toByteArray(), frameEnds, controls, round);
        }
    }

    private static void checkInterleaving(byte[] stream, byte[] data, List<Integer> frameEnds, List<byte[]> controls, int round) {
        ByteArrayOutputStream dataSeen = new ByteArrayOutputStream();
        int at = 0;
        int control = 0;
        while (at < stream.length) {
            if (stream[at] == (byte) 0xFF) {
                assertThat(control).as("round %d: more control frames than were written", round).isLessThan(controls.size());
                byte[] expected = controls.get(control);
                assertThat(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + expected.length)))
                        .as("round %d: control frame %d whole and in order", round, control).isEqualTo(expected);
                assertThat(frameEnds).as("round %d: control frame %d at a frame boundary of the data", round, control)
                        .contains(dataSeen.size());
                at += expected.length;
                control++;
            } else {
                dataSeen.write(stream[at++]);
            }
        }
        assertThat(control).as("round %d: every control frame written", round).isEqualTo(controls.size());
        assertSameBytes(dataSeen.toByteArray(), data);
    }

    // ------------------------------------------------------------ helpers

    private void flushUntilEmpty() throws IOException {
        for (int i = 0; !queue.isEmpty(); i++) {
            assertThat(i).as("flushes").isLessThan(100_000);
            queue.flushTo(channel, gather);
        }
    }

    /** {@code size} bytes that tell writes apart: a letter, then the index, then a running count; never 0xFF. */
    static byte[] bytes(int size, char letter, int index) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i == 0 ? letter : i == 1 ? index % 251 : (index * 31 + i) % 251);
        }
        return b;
    }

    /** A control frame of {@code size} bytes for {@link #checkInterleaving}: it starts with 0xFF, which no other byte here is. */
    static byte[] control(int size, int index) {
        byte[] b = bytes(size, 'c', index);
        b[0] = (byte) 0xFF;
        return b;
    }

    /** Fails naming the first offset where {@code actual} and {@code expected} differ, not with two dumps of thousands of bytes. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        int mismatch = Arrays.mismatch(actual, expected);
        if (mismatch >= 0) {
            throw new AssertionError("the bytes differ at offset " + mismatch + " (" + actual.length + " bytes, "
                    + expected.length + " expected): expected " + around(expected, mismatch) + " but got " + around(actual, mismatch));
        }
    }

    private static String around(byte[] bytes, int at) {
        int from = Math.max(0, at - 4);
        int to = Math.min(bytes.length, at + 12);
        StringBuilder s = new StringBuilder("[" + from + ".." + to + ")");
        for (int i = from; i < to; i++) {
            s.append(i == at ? " >" : " ").append(String.format("%02x", bytes[i] & 0xFF));
        }
        return s.toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /**
     * A kernel stand-in: takes at most {@code limit} bytes per call, and records for each call the
     * sizes of the buffers it was handed.
     */
    static final class CountingChannel implements GatheringByteChannel {
        int limit = Integer.MAX_VALUE;
        final List<List<Integer>> calls = new ArrayList<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int totalWritten;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            List<Integer> sizes = new ArrayList<>();
            long taken = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer src = srcs[i];
                sizes.add(src.remaining());
                while (src.hasRemaining() && taken < limit) {
                    out.write(src.get());
                    taken++;
                }
            }
            calls.add(sizes);
            totalWritten += (int) taken;
            return taken;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }

        byte[] written() {
            return out.toByteArray();
        }
    }
}
