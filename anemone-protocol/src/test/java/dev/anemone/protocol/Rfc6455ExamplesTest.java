package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples of RFC 6455 section 5.7, byte for byte, both decoded and encoded. */
class Rfc6455ExamplesTest {

    /** The masking key the section 5.7 examples use. */
    private static final int RFC_MASK_KEY = 0x37FA213D;

    static final String UNMASKED_HELLO = "81 05 48 65 6c 6c 6f";
    static final String MASKED_HELLO = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
    static final String FRAGMENTED_HELLO = "01 03 48 65 6c  80 02 6c 6f";
    static final String UNMASKED_PING = "89 05 48 65 6c 6c 6f";
    static final String MASKED_PONG = "8a 85 37 fa 21 3d 7f 9f 4d 51 58";
    static final String HELLO_HEX = "48656c6c6f";

    /** The RFC's payload for the two binary examples is unspecified: this one counts 00, 01, ... ff, 00, ... */
    static byte[] countingBytes(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    static byte[] binary256() {
        return Hex.concat(Hex.bytes("82 7E 0100"), countingBytes(256));
    }

    static byte[] binary64k() {
        return Hex.concat(Hex.bytes("82 7F 0000000000010000"), countingBytes(65536));
    }

    /** (section, receiving role, wire bytes, events the receiver reports). */
    static Stream<Arguments> vectors() {
        return Stream.of(
                arguments("5.7 single-frame unmasked text", Role.CLIENT, Hex.bytes(UNMASKED_HELLO), "text Hello"),
                arguments("5.7 single-frame masked text", Role.SERVER, Hex.bytes(MASKED_HELLO), "text Hello"),
                arguments("5.7 fragmented unmasked text", Role.CLIENT, Hex.bytes(FRAGMENTED_HELLO), "text Hello"),
                arguments("5.7 unmasked ping", Role.CLIENT, Hex.bytes(UNMASKED_PING), "ping " + HELLO_HEX),
                arguments("5.7 masked pong", Role.SERVER, Hex.bytes(MASKED_PONG), "pong " + HELLO_HEX),
                arguments("5.7 256-byte binary, 16-bit length", Role.CLIENT, binary256(),
                        "binary " + Hex.of(countingBytes(256))),
                arguments("5.7 64 KiB binary, 64-bit length", Role.CLIENT, binary64k(),
                        "binary " + Hex.of(countingBytes(65536))));
    }

    @ParameterizedTest(name = "RFC 6455 {0}")
    @MethodSource("vectors")
    void decodesTheExampleWhole(String section, Role receiver, byte[] wire, String event) {
        RecordingPeer peer = RecordingPeer.open(receiver).receive(wire);

        assertThat(peer.events()).containsExactly(event);
    }

    @ParameterizedTest(name = "RFC 6455 {0}, one byte at a time")
    @MethodSource("vectors")
    void decodesTheExampleOneByteAtATime(String section, Role receiver, byte[] wire, String event) {
        RecordingPeer peer = RecordingPeer.open(receiver).receiveByteByByte(wire);

        assertThat(peer.events()).containsExactly(event);
    }

    @ParameterizedTest(name = "RFC 6455 {0}, in the wrong role")
    @MethodSource("vectors")
    void theWrongRoleRefusesTheExample(String section, Role receiver, byte[] wire, String event) {
        Role wrong = receiver == Role.CLIENT ? Role.SERVER : Role.CLIENT;
        RecordingPeer peer = RecordingPeer.open(wrong).receive(wire);

        assertThat(peer.failure().violation())
                .isEqualTo(wrong == Role.SERVER ? Violation.UNMASKED_FRAME : Violation.MASKED_FRAME);
    }

    // ---------------------------------------------------------------- encoding, server: exact bytes

    @Test
    void rfc6455_5_7_serverWritesTheUnmaskedTextExample() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendText(ByteBuffer.wrap(WireFrame.text("Hello")));

        assertThat(Hex.of(server.written())).isEqualTo(Hex.of(Hex.bytes(UNMASKED_HELLO)));
    }

    @Test
    void rfc6455_5_7_serverWritesTheFragmentedTextExample_withFragmentSize3() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER, EngineConfig.defaults().withFragmentSize(3));

        server.engine.sendText(ByteBuffer.wrap(WireFrame.text("Hello")));

        assertThat(Hex.of(server.written())).isEqualTo(Hex.of(Hex.bytes(FRAGMENTED_HELLO)));
    }

    @Test
    void rfc6455_5_7_serverWritesTheFragmentedTextExample_withSendFragment() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendFragment(true, ByteBuffer.wrap(WireFrame.text("Hel")), false);
        server.engine.sendFragment(true, ByteBuffer.wrap(WireFrame.text("lo")), true);

        assertThat(Hex.of(server.written())).isEqualTo(Hex.of(Hex.bytes(FRAGMENTED_HELLO)));
    }

    @Test
    void rfc6455_5_7_serverWritesTheUnmaskedPingExample() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.ping(ByteBuffer.wrap(WireFrame.text("Hello")));

        assertThat(Hex.of(server.written())).isEqualTo(Hex.of(Hex.bytes(UNMASKED_PING)));
    }

    @Test
    void rfc6455_5_7_serverWritesThe256ByteBinaryExample() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendBinary(ByteBuffer.wrap(countingBytes(256)));

        assertThat(server.written()).isEqualTo(binary256());
    }

    @Test
    void rfc6455_5_7_serverWritesThe64KiBBinaryExample() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendBinary(ByteBuffer.wrap(countingBytes(65536)));

        assertThat(server.written()).isEqualTo(binary64k());
    }

    // ---------------------------------------------------------------- encoding, client: the RFC's key gives exact bytes

    private static RecordingPeer clientWithTheRfcMaskKey() {
        RandomGenerator rfcKey = () -> (long) RFC_MASK_KEY << 32;   // nextInt() takes the high 32 bits
        return RecordingPeer.open(Role.CLIENT, EngineConfig.defaults(), rfcKey);
    }

    @Test
    void rfc6455_5_7_clientWritesTheMaskedTextExample() {
        RecordingPeer client = clientWithTheRfcMaskKey();

        client.engine.sendText(ByteBuffer.wrap(WireFrame.text("Hello")));

        assertThat(Hex.of(client.written())).isEqualTo(Hex.of(Hex.bytes(MASKED_HELLO)));
    }

    @Test
    void rfc6455_5_7_clientAnswersTheUnmaskedPingWithTheMaskedPongExample() {
        RecordingPeer client = clientWithTheRfcMaskKey();

        client.receiveHex(UNMASKED_PING);

        assertThat(client.events()).containsExactly("ping " + HELLO_HEX);
        assertThat(Hex.of(client.written())).isEqualTo(Hex.of(Hex.bytes(MASKED_PONG)));
    }

    @Test
    void rfc6455_5_7_serverAnswersAMaskedPingWithAnUnmaskedPong() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.receiveHex("89 85 37 fa 21 3d 7f 9f 4d 51 58");

        assertThat(Hex.of(server.written())).isEqualTo("8a05" + HELLO_HEX);
    }

    /** With a random key the bytes differ, so decode what the client wrote with a server. */
    @Test
    void rfc6455_5_7_aServerDecodesWhatTheClientWrote() {
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);
        client.engine.sendText(ByteBuffer.wrap(WireFrame.text("Hello")));
        client.engine.sendFragment(true, ByteBuffer.wrap(WireFrame.text("Hel")), false);
        client.engine.ping(ByteBuffer.wrap(WireFrame.text("Hello")));
        client.engine.sendFragment(true, ByteBuffer.wrap(WireFrame.text("lo")), true);
        client.engine.pong(ByteBuffer.wrap(WireFrame.text("Hello")));
        client.engine.sendBinary(ByteBuffer.wrap(countingBytes(256)));
        client.engine.sendBinary(ByteBuffer.wrap(countingBytes(65536)));

        RecordingPeer server = RecordingPeer.open(Role.SERVER).receive(client.written());

        assertThat(server.events()).containsExactly(
                "text Hello", "ping " + HELLO_HEX, "text Hello", "pong " + HELLO_HEX,
                "binary " + Hex.of(countingBytes(256)), "binary " + Hex.of(countingBytes(65536)));
        assertThat(client.writtenFrames()).allMatch(WireFrame::masked);
        assertThat(client.writtenFrames()).extracting(f -> f.payload().length)
                .containsExactly(5, 3, 5, 2, 5, 256, 65536);
    }

    @Test
    void rfc6455_1_3_acceptKeyOfTheSampleNonce() {
        assertThat(AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void rfc6455_5_7_theExampleKeyMasksHelloIntoTheExamplePayload() {
        ByteBuffer hello = ByteBuffer.wrap(WireFrame.text("Hello"));

        Masking.maskInPlace(hello, 0, 5, RFC_MASK_KEY, 0);

        assertThat(Hex.of(hello)).isEqualTo("7f9f4d5158");
        assertThat(List.of(WireFrame.parseAll(Hex.bytes(MASKED_HELLO)).get(0).maskKey())).containsExactly(RFC_MASK_KEY);
    }
}
