package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 5.3: octet i of the payload is XORed with octet (i MOD 4) of the masking key. */
class MaskingTest {

    private static final int[] KEYS = {0x37FA213D, 0xFFFFFFFF, 0x80000001, 0x01020304, 0x000000FF, 0xFF000000};

    /** The definition in section 5.3, one byte at a time. */
    static void naiveMask(byte[] bytes, int from, int to, int maskKey, long payloadOffset) {
        for (int i = from; i < to; i++) {
            int keyIndex = (int) ((payloadOffset + i - from) % 4);
            bytes[i] ^= (byte) (maskKey >>> (24 - 8 * keyIndex));
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void rfc6455_5_3_agreesWithNaiveXorForEveryOffsetAndLength0To40() {
        for (int key : KEYS) {
            for (int length = 0; length <= 40; length++) {
                for (long payloadOffset = 0; payloadOffset < 8; payloadOffset++) {
                    for (int from = 0; from < 9; from++) {
                        byte[] original = randomBytes(from + length + 9, 31L * length + from);
                        byte[] expected = original.clone();
                        naiveMask(expected, from, from + length, key, payloadOffset);

                        ByteBuffer buffer = ByteBuffer.wrap(original.clone());
                        Masking.maskInPlace(buffer, from, from + length, key, payloadOffset);

                        assertThat(buffer.array())
                                .as("key %08x, length %d, payload offset %d, from %d", key, length, payloadOffset, from)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void rfc6455_5_3_offsetsBeyond32BitsPickTheRightKeyByte() {
        long[] offsets = {(1L << 32) + 1, (1L << 40) + 2, Long.MAX_VALUE - 2, 0x7FFF_FFFFL};
        for (long payloadOffset : offsets) {
            byte[] expected = randomBytes(23, payloadOffset);
            byte[] actual = expected.clone();
            naiveMask(expected, 0, 23, 0x37FA213D, payloadOffset);

            Masking.maskInPlace(ByteBuffer.wrap(actual), 0, 23, 0x37FA213D, payloadOffset);

            assertThat(actual).as("payload offset %d", payloadOffset).isEqualTo(expected);
        }
    }

    @Test
    void rfc6455_5_3_unmaskingInPiecesEqualsUnmaskingWhole() {
        byte[] whole = randomBytes(100, 1);
        byte[] expected = whole.clone();
        naiveMask(expected, 0, 100, 0x37FA213D, 0);

        for (int split = 0; split <= 100; split++) {
            for (int secondSplit = split; secondSplit <= 100; secondSplit += 7) {
                ByteBuffer buffer = ByteBuffer.wrap(whole.clone());
                Masking.maskInPlace(buffer, 0, split, 0x37FA213D, 0);
                Masking.maskInPlace(buffer, split, secondSplit, 0x37FA213D, split);
                Masking.maskInPlace(buffer, secondSplit, 100, 0x37FA213D, secondSplit);

                assertThat(buffer.array()).as("split at %d and %d", split, secondSplit).isEqualTo(expected);
            }
        }
    }

    @Test
    void rfc6455_5_3_maskingIsItsOwnInverse() {
        byte[] original = randomBytes(77, 2);
        ByteBuffer buffer = ByteBuffer.wrap(original.clone());

        Masking.maskInPlace(buffer, 0, 77, 0xCAFEBABE, 3);
        assertThat(buffer.array()).isNotEqualTo(original);
        Masking.maskInPlace(buffer, 0, 77, 0xCAFEBABE, 3);

        assertThat(buffer.array()).isEqualTo(original);
    }

    @Test
    void aZeroKeyLeavesThePayloadAsItIs() {
        byte[] original = randomBytes(20, 3);
        ByteBuffer buffer = ByteBuffer.wrap(original.clone());

        Masking.maskInPlace(buffer, 0, 20, 0, 1);

        assertThat(buffer.array()).isEqualTo(original);
    }

    @Test
    void bytesOutsideTheRangeAreUntouched() {
        byte[] original = randomBytes(40, 4);
        ByteBuffer buffer = ByteBuffer.wrap(original.clone());

        Masking.maskInPlace(buffer, 5, 30, 0xFFFFFFFF, 0);

        assertThat(buffer.array()).startsWith(java.util.Arrays.copyOf(original, 5));
        assertThat(java.util.Arrays.copyOfRange(buffer.array(), 30, 40))
                .isEqualTo(java.util.Arrays.copyOfRange(original, 30, 40));
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(40);
    }

    /** A buffer's byte order is a setting for multi-byte reads; masking works on bytes and must ignore it. */
    @ParameterizedTest(name = "{0} buffers")
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN", "LITTLE_ENDIAN direct", "BIG_ENDIAN direct"})
    void rfc6455_5_3_theBufferByteOrderDoesNotChangeTheResult(String kind) {
        ByteOrder order = kind.startsWith("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        for (int length = 0; length <= 40; length++) {
            for (long payloadOffset = 0; payloadOffset < 4; payloadOffset++) {
                byte[] original = randomBytes(length + 3, length);
                byte[] expected = original.clone();
                naiveMask(expected, 3, length + 3, 0x37FA213D, payloadOffset);
                ByteBuffer buffer = (kind.endsWith("direct") ? ByteBuffer.allocateDirect(length + 3)
                        : ByteBuffer.allocate(length + 3)).order(order);
                buffer.put(original).clear();

                Masking.maskInPlace(buffer, 3, length + 3, 0x37FA213D, payloadOffset);

                assertThat(Hex.remaining(buffer)).as("length %d, offset %d", length, payloadOffset).isEqualTo(expected);
            }
        }
    }

    @Test
    void rfc6455_5_3_maskIntoCopiesAndMasksFromThePayloadStart() {
        byte[] source = randomBytes(33, 5);
        byte[] expected = source.clone();
        naiveMask(expected, 0, 33, 0x01020304, 0);
        ByteBuffer target = ByteBuffer.allocate(40).position(4);
        ByteBuffer from = ByteBuffer.wrap(source);

        Masking.maskInto(from, target, 0x01020304);

        assertThat(from.hasRemaining()).isFalse();
        assertThat(target.position()).isEqualTo(37);
        assertThat(java.util.Arrays.copyOfRange(target.array(), 4, 37)).isEqualTo(expected);
        assertThat(source).as("the source is not modified").isEqualTo(randomBytes(33, 5));
    }
}
