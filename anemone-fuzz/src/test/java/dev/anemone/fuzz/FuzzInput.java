package dev.anemone.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The layout every fuzz target here reads its raw input with, so that seeds are easy to write by
 * hand:
 *
 * <pre>
 *   byte 0          flags, whose meaning each target defines
 *   byte 1          n: how many chunk sizes follow (its low four bits, 0 to 15)
 *   bytes 2..2+n    chunk sizes, 0 to 255 each, used in turn and over again
 *   the rest        the data
 * </pre>
 *
 * With no chunk sizes the data is fed one byte at a time, the harshest split. A chunk size of 0
 * feeds an empty buffer. Buffers can be heap or direct, big- or little-endian, and can sit at an
 * offset inside a larger buffer full of junk, so that code that reads outside its range or
 * depends on byte order is caught.
 */
final class FuzzInput {

    /** Bytes placed around a chunk when it is fed at an offset: invalid in every format we parse. */
    private static final byte JUNK = (byte) 0xFF;

    final int flags;
    final int[] chunkSizes;
    final byte[] data;

    private FuzzInput(int flags, int[] chunkSizes, byte[] data) {
        this.flags = flags;
        this.chunkSizes = chunkSizes;
        this.data = data;
    }

    static FuzzInput parse(byte[] input) {
        if (input.length == 0) {
            return new FuzzInput(0, new int[0], input);
        }
        int flags = input[0] & 0xFF;
        int n = input.length > 1 ? input[1] & 0x0F : 0;
        n = Math.min(n, Math.max(0, input.length - 2));
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = input[2 + i] & 0xFF;
        }
        int start = Math.min(input.length, 2 + n);
        return new FuzzInput(flags, sizes, Arrays.copyOfRange(input, start, input.length));
    }

    boolean flag(int bit) {
        return (flags & bit) != 0;
    }

    /**
     * The data cut into the chunks the fuzzer chose. Zero-size chunks are kept (as empty pieces),
     * but if every size is zero the data goes in one piece, so that the split always ends.
     */
    List<byte[]> chunks() {
        return split(data, chunkSizes);
    }

    static List<byte[]> split(byte[] data, int[] sizes) {
        List<byte[]> chunks = new ArrayList<>();
        if (sizes.length == 0) {
            for (byte b : data) {
                chunks.add(new byte[] {b});
            }
            return chunks;
        }
        if (Arrays.stream(sizes).allMatch(size -> size == 0)) {
            chunks.add(data.clone());
            return chunks;
        }
        int at = 0;
        int i = 0;
        while (at < data.length) {
            int size = Math.min(sizes[i++ % sizes.length], data.length - at);
            chunks.add(Arrays.copyOfRange(data, at, at + size));
            at += size;
        }
        return chunks;
    }

    /** How a chunk is wrapped into a buffer: heap or direct, byte order, offset inside junk. */
    record Style(boolean direct, boolean littleEndian, boolean offset) {

        static final Style PLAIN = new Style(false, false, false);

        /**
         * A buffer whose position..limit holds {@code bytes}. With an offset the buffer is a slice
         * of a larger one (so its array offset is not 0 either) with junk before the position and
         * after the limit.
         */
        ByteBuffer wrap(byte[] bytes) {
            int before = offset ? 7 : 0;
            int after = offset ? 9 : 0;
            int total = before + bytes.length + after;
            ByteBuffer whole = direct ? ByteBuffer.allocateDirect(total + 3) : ByteBuffer.allocate(total + 3);
            for (int i = 0; i < whole.capacity(); i++) {
                whole.put(i, JUNK);
            }
            ByteBuffer buffer = whole;
            if (offset) {
                buffer = whole.position(3).slice();
            }
            buffer.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            buffer.put(before, bytes);
            buffer.limit(before + bytes.length).position(before);
            return buffer;
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] bytesOf(ByteBuffer buffer, int from, int to) {
        byte[] bytes = new byte[to - from];
        buffer.get(from, bytes);
        return bytes;
    }
}
