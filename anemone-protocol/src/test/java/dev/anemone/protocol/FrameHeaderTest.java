package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 5.2: the header layout, and the shortest length encoding (section 5.2, "payload length"). */
class FrameHeaderTest {

    private static String header(boolean fin, int rsv, int opcode, long length, boolean masked, int key) {
        ByteBuffer target = ByteBuffer.allocate(FrameHeader.MAX_SIZE);
        FrameHeader.write(target, fin, rsv, opcode, length, masked, key);
        return Hex.of(target.array(), 0, target.position());
    }

    /** Length boundaries of the 7-, 16- and 64-bit encodings: the header as hex. */
    @ParameterizedTest(name = "RFC 6455 5.2: length {0} -> {1}")
    @CsvSource({
            "0,          8200",
            "1,          8201",
            "124,        827c",
            "125,        827d",
            "126,        827e007e",
            "127,        827e007f",
            "65534,      827efffe",
            "65535,      827effff",
            "65536,      827f0000000000010000",
            "65537,      827f0000000000010001",
            "4294967296, 827f0000000100000000",
            "9223372036854775807, 827f7fffffffffffffff",
    })
    void rfc6455_5_2_usesTheShortestLengthEncoding(long length, String expected) {
        assertThat(header(true, 0, Opcode.BINARY, length, false, 0)).isEqualTo(expected);
        assertThat(FrameHeader.size(length, false)).isEqualTo(expected.length() / 2);
        assertThat(FrameHeader.size(length, true)).isEqualTo(expected.length() / 2 + 4);
    }

    @Test
    void rfc6455_5_2_finRsvAndOpcodeShareTheFirstByte() {
        assertThat(header(false, 0, Opcode.CONTINUATION, 0, false, 0)).isEqualTo("0000");
        assertThat(header(true, FrameHeader.RSV1, Opcode.TEXT, 0, false, 0)).isEqualTo("c100");
        assertThat(header(false, FrameHeader.RSV2 | FrameHeader.RSV3, Opcode.PONG, 0, false, 0)).isEqualTo("3a00");
        assertThat(header(true, 0x70, 0xF, 0, false, 0)).isEqualTo("ff00");
    }

    @Test
    void rfc6455_5_2_maskBitAndKeyFollowTheLength() {
        assertThat(header(true, 0, Opcode.TEXT, 5, true, 0x37FA213D)).isEqualTo("818537fa213d");
        assertThat(header(true, 0, Opcode.BINARY, 256, true, 0x01020304)).isEqualTo("82fe010001020304");
        assertThat(header(true, 0, Opcode.BINARY, 65536, true, 0xFFFFFFFF))
                .isEqualTo("82ff0000000000010000ffffffff");
    }

    @Test
    void theLongestHeaderFitsMaxSize() {
        ByteBuffer target = ByteBuffer.allocate(FrameHeader.MAX_SIZE);

        FrameHeader.write(target, true, 0x70, 0xF, Long.MAX_VALUE, true, -1);

        assertThat(target.position()).isEqualTo(FrameHeader.MAX_SIZE).isEqualTo(14);
    }

    @Test
    void writesAtThePositionAndAdvancesIt() {
        ByteBuffer target = ByteBuffer.allocate(20).position(3);

        FrameHeader.write(target, true, 0, Opcode.TEXT, 5, false, 0);

        assertThat(target.position()).isEqualTo(5);
        assertThat(Hex.of(target.array(), 0, 5)).isEqualTo("0000008105");
    }

    @Test
    void aNegativeLengthIsRefused() {
        assertThatThrownBy(() -> header(true, 0, Opcode.BINARY, -1, false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The wire is big-endian (section 5.2, "network byte order") whatever order the target buffer is set to. */
    @Test
    void rfc6455_5_2_writesNetworkByteOrderIntoALittleEndianBuffer() {
        ByteBuffer target = ByteBuffer.allocate(FrameHeader.MAX_SIZE).order(ByteOrder.LITTLE_ENDIAN);

        FrameHeader.write(target, true, 0, Opcode.BINARY, 65536, true, 0x37FA213D);

        assertThat(Hex.of(target.array(), 0, target.position())).isEqualTo("82ff000000000001000037fa213d");
    }
}
