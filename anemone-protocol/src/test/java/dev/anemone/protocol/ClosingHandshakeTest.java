package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6455 sections 5.5.1, 7.1 and 7.4: the closing handshake, who closes TCP, and what is reported. */
class ClosingHandshakeTest {

    private static byte[] close(int code, String reason) {
        return WireFrame.closePayload(code, reason);
    }

    // ---------------------------------------------------------------- the peer closes first

    @Test
    void rfc6455_5_5_1_aServerEchoesTheCodeAndClosesTcpFirst() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.receiveFrame(true, Opcode.CLOSE, close(1000, "bye"));

        assertThat(server.events()).containsExactly("closeFrame 1000 bye");
        assertThat(Hex.of(server.written())).isEqualTo("8805" + "03e8" + "627965");
        assertThat(server.closeTransportCalls()).as("RFC 6455 7.1.1: the server closes TCP first").isEqualTo(1);
        assertThat(server.engine.readyState()).isEqualTo(ReadyState.CLOSING);
        assertThat(server.engine.isInputClosed()).isTrue();
        assertThat(server.engine.isOutputClosed()).isTrue();

        server.engine.transportClosed();

        assertThat(server.lastEvent()).isEqualTo("closed 1000 bye clean");
        assertThat(server.engine.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void rfc6455_7_1_1_aClientEchoesButWaitsForTheServerToCloseTcp() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);

        client.receiveFrame(true, Opcode.CLOSE, close(1001, "going"));

        WireFrame echo = client.lastWrittenFrame();
        assertThat(echo.masked()).isTrue();
        assertThat(echo.closeCode()).isEqualTo(1001);
        assertThat(echo.closeReason()).isEqualTo("going");
        assertThat(client.closeTransportCalls()).isZero();

        client.engine.closeTimedOut();

        assertThat(client.closeTransportCalls()).as("the close timer fired: drop TCP").isEqualTo(1);
        client.engine.transportClosed();
        assertThat(client.events()).containsExactly("closeFrame 1001 going", "closed 1001 going clean");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void rfc6455_7_1_5_aCloseFrameWithoutACodeIsEchoedEmptyAndReportedAs1005(Role role) {
        RecordingPeer peer = RecordingPeer.open(role);

        peer.receiveFrame(true, Opcode.CLOSE, new byte[0]);
        peer.engine.transportClosed();

        assertThat(peer.lastWrittenFrame().opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(peer.lastWrittenFrame().payload()).isEmpty();
        assertThat(peer.events()).containsExactly("closeFrame 1005 ", "closed 1005  clean");
    }

    // ---------------------------------------------------------------- we close first

    @Test
    void rfc6455_7_1_2_aServerThatClosesFirstClosesTcpWhenTheEchoArrives() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.close(1000, "done");
        assertThat(Hex.of(server.written())).isEqualTo("8806" + "03e8" + "646f6e65");
        assertThat(server.closeTransportCalls()).isZero();

        server.receiveFrame(true, Opcode.CLOSE, close(1000, "done"));
        assertThat(server.closeTransportCalls()).isEqualTo(1);
        assertThat(server.writtenFrames()).as("no second Close frame").hasSize(1);

        server.engine.transportClosed();
        assertThat(server.events()).containsExactly("closeFrame 1000 done", "closed 1000 done clean");
    }

    @Test
    void rfc6455_7_1_2_aClientThatClosesFirstDoesNotCloseTcpOnTheEcho() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);

        client.engine.close(3000, "");
        client.receiveFrame(true, Opcode.CLOSE, close(3000, ""));

        assertThat(client.closeTransportCalls()).isZero();
        assertThat(client.writtenFrames()).hasSize(1);
        client.engine.transportClosed();
        assertThat(client.lastEvent()).isEqualTo("closed 3000  clean");
    }

    @Test
    void rfc6455_7_1_4_theCodeReportedIsThePeersEvenIfItDiffersFromOurs() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.close(4000, "mine");
        server.receiveFrame(true, Opcode.CLOSE, close(1001, "theirs"));
        server.engine.transportClosed();

        assertThat(server.lastEvent()).isEqualTo("closed 1001 theirs clean");
    }

    @Test
    void rfc6455_5_5_1_dataStillArrivesAfterWeSentClose() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);
        server.engine.close(1000, "");

        server.receiveFrame(true, Opcode.TEXT, WireFrame.text("in flight"));
        server.receiveFrame(true, Opcode.PING, WireFrame.text("p"));

        assertThat(server.events()).containsExactly("text in flight", "ping 70");
        assertThat(server.writtenFrames()).as("no pong after our Close frame").hasSize(1);
    }

    @Test
    void rfc6455_5_5_1_closeWith1005SendsAnEmptyCloseFrame() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.close(CloseStatus.NO_STATUS_RECEIVED, "ignored");

        assertThat(Hex.of(server.written())).isEqualTo("8800");
    }

    @Test
    void closeRefusesCodesThatMayNotBeSentAndOverlongReasons() {
        WebSocketEngine engine = RecordingPeer.open(Role.SERVER).engine;

        assertThatThrownBy(() -> engine.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.close(999, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.isOutputClosed()).isFalse();
    }

    // ---------------------------------------------------------------- reporting

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void rfc6455_7_1_5_theTransportClosingWithoutACloseFrameIs1006Unclean(Role role) {
        RecordingPeer peer = RecordingPeer.open(role);

        peer.engine.transportClosed();

        assertThat(peer.events()).containsExactly("closed 1006  unclean");
        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void rfc6455_7_1_5_aCloseFrameSentButNeverAnsweredIs1006Unclean() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);
        client.engine.close(1000, "");

        client.engine.closeTimedOut();
        client.engine.transportClosed();

        assertThat(client.closeTransportCalls()).isEqualTo(1);
        assertThat(client.events()).containsExactly("closed 1006  unclean");
    }

    @Test
    void onClosedIsReportedExactlyOnce() {
        RecordingPeer peer = RecordingPeer.open(Role.SERVER);

        peer.engine.transportClosed();
        peer.engine.transportClosed();
        peer.engine.closeTimedOut();

        assertThat(peer.events()).containsExactly("closed 1006  unclean");
        assertThat(peer.closeTransportCalls()).as("closeTimedOut after CLOSED does nothing").isZero();
    }

    @Test
    void afterAFailureOnClosedReportsTheFailureCodeUnclean() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("83 00");

        peer.engine.transportClosed();

        assertThat(peer.lastEvent()).isEqualTo("closed 1002 " + Violation.RESERVED_OPCODE.description() + " unclean");
    }

    @Test
    void rfc6455_7_1_7_aFailureAfterOurCloseFrameSendsNoSecondOneButStillClosesTcp() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);
        client.engine.close(1000, "");

        client.receiveHex("81 01 ff");

        assertThat(client.failure().closeCode()).isEqualTo(1007);
        assertThat(client.writtenFrames()).extracting(WireFrame::closeCode).containsExactly(1000);
        assertThat(client.closeTransportCalls()).isEqualTo(1);
        client.engine.transportClosed();
        assertThat(client.lastEvent()).startsWith("closed 1007 ").endsWith(" unclean");
    }

    // ---------------------------------------------------------------- after the peer's Close frame

    @Test
    void rfc6455_5_5_1_framesAfterThePeersCloseFrameAreIgnored() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);

        client.receive(Hex.concat(WireFrame.unmasked(true, Opcode.CLOSE, close(1000, "")).encode(),
                Hex.bytes("81 05 48656c6c6f  89 00  88 00")));

        assertThat(client.events()).containsExactly("closeFrame 1000 ");
        assertThat(client.writtenFrames()).as("only the echo").hasSize(1);
    }

    /** {@link WebSocketEngine#receive}: "After a Close frame ..., input is consumed and ignored." */
    @Test
    void rfc6455_5_5_1_theReadHoldingTheCloseFrameIsConsumedWhole() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes("88 02 03e8  81 05 48656c6c6f"));

        client.engine.receive(in);

        assertThat(in.remaining()).isZero();
    }

    // ---------------------------------------------------------------- close codes through the engine

    static IntStream codesValidOnTheWire() {
        return IntStream.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
                3000, 3001, 3999, 4000, 4500, 4999);
    }

    @ParameterizedTest(name = "RFC 6455 7.4: code {0} is echoed")
    @MethodSource("codesValidOnTheWire")
    void rfc6455_7_4_aValidCodeIsAcceptedAndEchoed(int code) {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.receiveFrame(true, Opcode.CLOSE, close(code, "r"));

        assertThat(server.events()).containsExactly("closeFrame " + code + " r");
        assertThat(server.lastWrittenFrame().closeCode()).isEqualTo(code);
        assertThat(server.failure()).isNull();
    }

    static IntStream codesInvalidOnTheWire() {
        return IntStream.of(0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 5001, 65535);
    }

    @ParameterizedTest(name = "RFC 6455 7.4: code {0} fails with 1002")
    @MethodSource("codesInvalidOnTheWire")
    void rfc6455_7_4_anInvalidCodeFailsTheConnectionWith1002(int code) {
        RecordingPeer.open(Role.SERVER)
                .receiveFrame(true, Opcode.CLOSE, close(code, ""))
                .assertFailedWith(Violation.INVALID_CLOSE_CODE);
    }

    static Stream<Arguments> closePayloadFailures() {
        return Stream.of(
                arguments("5.5.1 one-byte payload", "88 01 03", Violation.CLOSE_PAYLOAD_ONE_BYTE),
                arguments("5.5.1 reason with a lone continuation byte", "88 03 03e8 80", Violation.INVALID_UTF8_CLOSE_REASON),
                arguments("5.5.1 reason cut inside a character", "88 04 03e8 e282", Violation.INVALID_UTF8_CLOSE_REASON),
                arguments("5.5.1 reason with a surrogate", "88 05 03e8 eda080", Violation.INVALID_UTF8_CLOSE_REASON),
                arguments("5.5.1 reason with an overlong", "88 04 03e8 c0af", Violation.INVALID_UTF8_CLOSE_REASON));
    }

    @ParameterizedTest(name = "RFC 6455 {0}")
    @MethodSource("closePayloadFailures")
    void rfc6455_5_5_1_aBadClosePayloadFailsTheConnection(String section, String wire, Violation violation) {
        RecordingPeer.open(Role.CLIENT).receiveHex(wire).assertFailedWith(violation);
    }

    @Test
    void rfc6455_5_5_1_aReasonOf123BytesWithMultiByteCharactersIsAccepted() {
        String reason = "€".repeat(41);   // 123 bytes

        RecordingPeer client = RecordingPeer.open(Role.CLIENT)
                .receive(WireFrame.unmasked(true, Opcode.CLOSE, close(1000, reason)).encode());

        assertThat(client.events()).containsExactly("closeFrame 1000 " + reason);
        assertThat(client.lastWrittenFrame().closeReason()).isEqualTo(reason);
    }
}
