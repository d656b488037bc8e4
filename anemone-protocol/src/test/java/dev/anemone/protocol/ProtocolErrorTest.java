package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framing rule whose breach fails the connection with 1002 (RFC 6455 section 7.4.1), through
 * the engine. In each vector {@code ^} marks the byte on whose arrival the failure must happen.
 */
class ProtocolErrorTest {

    /** (RFC section and rule, receiving role, marked wire bytes, violation). */
    static Stream<Arguments> violations() {
        return Stream.of(
                arguments("5.2 RSV1 without an extension", Role.CLIENT, "c1 ^00", Violation.RESERVED_BITS),
                arguments("5.2 RSV2 without an extension", Role.CLIENT, "a1 ^00", Violation.RESERVED_BITS),
                arguments("5.2 RSV3 without an extension", Role.CLIENT, "91 ^00", Violation.RESERVED_BITS),
                arguments("5.2 RSV1 on a masked frame", Role.SERVER, "c1 80 00 00 00 ^00", Violation.RESERVED_BITS),
                arguments("5.2 RSV bits on a continuation", Role.CLIENT, "01 01 61  b0 ^01 62", Violation.RESERVED_BITS),
                arguments("5.1 unmasked frame from a client", Role.SERVER, "81 ^05 48656c6c6f", Violation.UNMASKED_FRAME),
                arguments("5.1 unmasked ping from a client", Role.SERVER, "89 ^00", Violation.UNMASKED_FRAME),
                arguments("5.1 masked frame from a server", Role.CLIENT, "81 85 37 fa 21 ^3d 7f9f4d5158",
                        Violation.MASKED_FRAME),
                arguments("5.5 ping over 125 bytes, 16-bit length", Role.CLIENT, "89 7e 00 ^7e", Violation.CONTROL_FRAME_TOO_LONG),
                arguments("5.5 close over 125 bytes", Role.CLIENT, "88 7e 01 ^00", Violation.CONTROL_FRAME_TOO_LONG),
                arguments("5.5 pong over 125 bytes, 64-bit length", Role.CLIENT, "8a 7f 00 00 00 00 00 00 00 ^80",
                        Violation.CONTROL_FRAME_TOO_LONG),
                arguments("5.5 ping over 125 bytes, masked", Role.SERVER, "89 fe 00 7e 01 02 03 ^04",
                        Violation.CONTROL_FRAME_TOO_LONG),
                arguments("5.5 fragmented ping", Role.CLIENT, "09 ^00", Violation.FRAGMENTED_CONTROL_FRAME),
                arguments("5.5 fragmented pong", Role.CLIENT, "0a ^00", Violation.FRAGMENTED_CONTROL_FRAME),
                arguments("5.5 fragmented close", Role.CLIENT, "08 ^02 03e8", Violation.FRAGMENTED_CONTROL_FRAME),
                arguments("5.4 continuation with nothing to continue", Role.CLIENT, "80 ^01 61",
                        Violation.UNEXPECTED_CONTINUATION),
                arguments("5.4 non-final continuation with nothing to continue", Role.CLIENT, "00 ^00",
                        Violation.UNEXPECTED_CONTINUATION),
                arguments("5.4 continuation after a finished message", Role.CLIENT, "81 01 61  80 ^01 62",
                        Violation.UNEXPECTED_CONTINUATION),
                arguments("5.4 continuation after a finished fragmented message", Role.CLIENT,
                        "01 01 61 80 01 62  00 ^00", Violation.UNEXPECTED_CONTINUATION),
                arguments("5.4 text frame inside a fragmented text message", Role.CLIENT, "01 01 61  81 ^01 62",
                        Violation.EXPECTED_CONTINUATION),
                arguments("5.4 binary frame inside a fragmented text message", Role.CLIENT, "01 01 61  02 ^01 62",
                        Violation.EXPECTED_CONTINUATION),
                arguments("5.4 new data frame after an interleaved ping", Role.CLIENT, "02 00  89 00  82 ^00",
                        Violation.EXPECTED_CONTINUATION),
                arguments("5.2 64-bit length with the top bit set", Role.CLIENT, "82 7f 80 00 00 00 00 00 00 ^00",
                        Violation.LENGTH_TOP_BIT),
                arguments("5.2 64-bit length of all ones", Role.CLIENT, "82 7f ff ff ff ff ff ff ff ^ff",
                        Violation.LENGTH_TOP_BIT),
                arguments("5.5.1 close payload of one byte", Role.CLIENT, "88 01 ^03", Violation.CLOSE_PAYLOAD_ONE_BYTE),
                arguments("5.5.1 close payload of one byte, masked", Role.SERVER, "88 81 00 00 00 00 ^03",
                        Violation.CLOSE_PAYLOAD_ONE_BYTE),
                arguments("7.4 close code 999", Role.CLIENT, "88 02 03 ^e7", Violation.INVALID_CLOSE_CODE),
                arguments("7.4 close code 1005 on the wire", Role.CLIENT, "88 02 03 ^ed", Violation.INVALID_CLOSE_CODE),
                arguments("7.4 close code 1006 on the wire", Role.CLIENT, "88 04 03 ee 61 ^62", Violation.INVALID_CLOSE_CODE),
                arguments("7.4 close code 1015 on the wire", Role.CLIENT, "88 02 03 ^f7", Violation.INVALID_CLOSE_CODE),
                arguments("7.4 close code 5000", Role.CLIENT, "88 02 13 ^88", Violation.INVALID_CLOSE_CODE));
    }

    @ParameterizedTest(name = "RFC 6455 {0}")
    @MethodSource("violations")
    void failsWith1002SendsCloseAndStopsReading(String rule, Role role, String wire, Violation violation) {
        assertThat(violation.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);

        RecordingPeer.open(role).receive(Hex.marked(wire).bytes()).assertFailedWith(violation);
    }

    @ParameterizedTest(name = "RFC 6455 {0}, byte by byte")
    @MethodSource("violations")
    void failsOnTheByteThatBreaksTheRule(String rule, Role role, String wire, Violation violation) {
        Hex.Marked vector = Hex.marked(wire);
        RecordingPeer peer = RecordingPeer.open(role);

        assertThat(peer.failingByte(vector.bytes())).isEqualTo(vector.mark());
        assertThat(peer.failure().violation()).isEqualTo(violation);
    }

    static IntStream reservedOpcodes() {
        return IntStream.of(0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF);
    }

    @ParameterizedTest(name = "RFC 6455 5.2: reserved opcode 0x{0} from a server")
    @MethodSource("reservedOpcodes")
    void rfc6455_5_2_aReservedOpcodeFailsAClient(int opcode) {
        RecordingPeer.open(Role.CLIENT)
                .receive(WireFrame.unmasked(true, opcode, WireFrame.text("x")).encode())
                .assertFailedWith(Violation.RESERVED_OPCODE);
    }

    @ParameterizedTest(name = "RFC 6455 5.2: reserved opcode 0x{0} from a client")
    @MethodSource("reservedOpcodes")
    void rfc6455_5_2_aReservedOpcodeFailsAServer(int opcode) {
        RecordingPeer.open(Role.SERVER)
                .receive(WireFrame.masked(true, opcode, WireFrame.text("x"), 0x12345678).encode())
                .assertFailedWith(Violation.RESERVED_OPCODE);
    }

    @ParameterizedTest(name = "RFC 6455 5.2: reserved opcode 0x{0} inside a fragmented message")
    @MethodSource("reservedOpcodes")
    void rfc6455_5_2_aReservedOpcodeFailsEvenBetweenFragments(int opcode) {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("01 01 61");

        peer.receive(WireFrame.unmasked(opcode >= 8, opcode, new byte[0]).encode());

        peer.assertFailedWith(Violation.RESERVED_OPCODE);
        assertThat(peer.events()).hasSize(1);
    }
}
