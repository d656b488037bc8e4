package dev.anemone.conformance;

/**
 * Reads a raw DEFLATE stream (RFC 1951) without inflating it, to find how far back its
 * back-references reach: a sender that agreed to a window of 2^bits bytes must never refer
 * further, which an inflater with the full 32 KiB window would never notice. After zlib's
 * puff.c, bit by bit; slow, and only for the messages of cases with a small window.
 */
final class DeflateWindow {

    /** How many bytes the stream produces, and its longest back-reference distance. */
    record Reach(long produced, int maxDistance) {
    }

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final byte[] data;
    private int position;
    private int bitBuffer;
    private int bitCount;
    private long produced;
    private int maxDistance;

    private DeflateWindow(byte[] data) {
        this.data = data;
    }

    /** Scans {@code stream} (a message's payload with {@code 00 00 ff ff} put back) to its end. */
    static Reach scan(byte[] stream) {
        DeflateWindow scanner = new DeflateWindow(stream);
        while (scanner.position < stream.length) {
            scanner.block();
        }
        return new Reach(scanner.produced, scanner.maxDistance);
    }

    private void block() {
        boolean last = bits(1) == 1;
        int type = bits(2);
        switch (type) {
            case 0 -> stored();
            case 1 -> codes(Huffman.FIXED_LITERALS, Huffman.FIXED_DISTANCES);
            case 2 -> dynamic();
            default -> throw new IllegalArgumentException("block type 3 at byte " + position);
        }
        if (last) {
            // The stream ends; a next one, if any, starts on a byte boundary.
            bitBuffer = 0;
            bitCount = 0;
        }
    }

    private int bits(int need) {
        while (bitCount < need) {
            if (position >= data.length) {
                throw new IllegalArgumentException("stream ends inside a block");
            }
            bitBuffer |= (data[position++] & 0xFF) << bitCount;
            bitCount += 8;
        }
        int value = bitBuffer & ((1 << need) - 1);
        bitBuffer >>>= need;
        bitCount -= need;
        return value;
    }

    private void stored() {
        bitBuffer = 0;
        bitCount = 0;
        if (position + 4 > data.length) {
            throw new IllegalArgumentException("stored block header cut short");
        }
        int length = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        int complement = (data[position + 2] & 0xFF) | (data[position + 3] & 0xFF) << 8;
        if (length != (~complement & 0xFFFF)) {
            throw new IllegalArgumentException("stored block length does not match its complement");
        }
        position += 4 + length;
        produced += length;
    }

    private void codes(Huffman literals, Huffman distances) {
        while (true) {
            int symbol = literals.decode(this);
            if (symbol < 256) {
                produced++;
            } else if (symbol == 256) {
                return;
            } else {
                symbol -= 257;
                if (symbol >= 29) {
                    throw new IllegalArgumentException("bad length symbol");
                }
                int length = LENGTH_BASE[symbol] + bits(LENGTH_EXTRA[symbol]);
                int distanceSymbol = distances.decode(this);
                if (distanceSymbol >= 30) {
                    throw new IllegalArgumentException("bad distance symbol");
                }
                int distance = DISTANCE_BASE[distanceSymbol] + bits(DISTANCE_EXTRA[distanceSymbol]);
                maxDistance = Math.max(maxDistance, distance);
                produced += length;
            }
        }
    }

    private void dynamic() {
        int literalCount = bits(5) + 257;
        int distanceCount = bits(5) + 1;
        int codeCount = bits(4) + 4;
        int[] lengths = new int[19];
        for (int i = 0; i < codeCount; i++) {
            lengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        Huffman codeLengths = new Huffman(lengths, 19);
        int[] all = new int[literalCount + distanceCount];
        for (int i = 0; i < all.length; ) {
            int symbol = codeLengths.decode(this);
            if (symbol < 16) {
                all[i++] = symbol;
                continue;
            }
            int repeat;
            int value = 0;
            if (symbol == 16) {
                if (i == 0) {
                    throw new IllegalArgumentException("repeat with no previous length");
                }
                value = all[i - 1];
                repeat = 3 + bits(2);
            } else if (symbol == 17) {
                repeat = 3 + bits(3);
            } else {
                repeat = 11 + bits(7);
            }
            if (i + repeat > all.length) {
                throw new IllegalArgumentException("too many code lengths");
            }
            for (int k = 0; k < repeat; k++) {
                all[i++] = value;
            }
        }
        int[] literalLengths = java.util.Arrays.copyOf(all, literalCount);
        int[] distanceLengths = java.util.Arrays.copyOfRange(all, literalCount, all.length);
        codes(new Huffman(literalLengths, literalCount), new Huffman(distanceLengths, distanceCount));
    }

    /** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
    private static final class Huffman {
        static final Huffman FIXED_LITERALS = fixedLiterals();
        static final Huffman FIXED_DISTANCES = new Huffman(filled(30, 5), 30);

        private final int[] count = new int[16];
        private final int[] symbol;

        Huffman(int[] lengths, int n) {
            symbol = new int[n];
            for (int i = 0; i < n; i++) {
                count[lengths[i]]++;
            }
            int[] offsets = new int[16];
            for (int length = 1; length < 15; length++) {
                offsets[length + 1] = offsets[length] + count[length];
            }
            for (int i = 0; i < n; i++) {
                if (lengths[i] != 0) {
                    symbol[offsets[lengths[i]]++] = i;
                }
            }
        }

        int decode(DeflateWindow in) {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int length = 1; length <= 15; length++) {
                code |= in.bits(1);
                int n = count[length];
                if (code - n < first) {
                    return symbol[index + (code - first)];
                }
                index += n;
                first = (first + n) << 1;
                code <<= 1;
            }
            throw new IllegalArgumentException("no such code");
        }

        private static Huffman fixedLiterals() {
            int[] lengths = new int[288];
            for (int i = 0; i < 288; i++) {
                lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
            }
            return new Huffman(lengths, 288);
        }

        private static int[] filled(int n, int length) {
            int[] lengths = new int[n];
            java.util.Arrays.fill(lengths, length);
            return lengths;
        }
    }
}
