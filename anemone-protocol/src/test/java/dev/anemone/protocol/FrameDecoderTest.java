package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 5.2 framing, read incrementally: the single-frame rules live in the decoder. */
class FrameDecoderTest {

    private final RecordingHandler handler = new RecordingHandler();

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    private List<WireFrame> decode(Role role, byte[] wire, int chunk) throws ProtocolException {
        FrameDecoder decoder = new FrameDecoder(role, handler);
        for (int at = 0; at < wire.length; at += chunk) {
            ByteBuffer piece = ByteBuffer.wrap(wire.clone(), at, Math.min(chunk, wire.length - at)).slice();
            decoder.decode(piece);
            assertThat(piece.hasRemaining()).as("a read is consumed whole").isFalse();
        }
        return handler.frames();
    }

    private ProtocolException decodeFailure(Role role, String hex) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> new FrameDecoder(role, handler).decode(ByteBuffer.wrap(Hex.bytes(hex))));
        assertThat(thrown).as("decoding %s", hex).isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown;
    }

    static List<WireFrame> mixedStream() {
        return List.of(
                WireFrame.masked(false, Opcode.TEXT, WireFrame.text("Hel"), 0x11223344),
                WireFrame.masked(true, Opcode.PING, WireFrame.text("are you there"), 0x55667788),
                WireFrame.masked(true, Opcode.CONTINUATION, WireFrame.text("lo"), 0x99AABBCC),
                WireFrame.masked(true, Opcode.BINARY, payload(300), 0xDDEEFF00),
                WireFrame.masked(true, Opcode.PONG, new byte[0], 0x01010101),
                WireFrame.masked(true, Opcode.BINARY, new byte[0], 0x7F7F7F7F),
                WireFrame.masked(true, Opcode.CLOSE, WireFrame.closePayload(1000, "bye"), 0x12345678));
    }

    @ParameterizedTest(name = "RFC 6455 5.2: chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 127, 1000})
    void rfc6455_5_2_decodesTheSameFramesWhateverTheChunking(int chunk) throws ProtocolException {
        List<WireFrame> frames = mixedStream();

        assertThat(decode(Role.SERVER, WireFrame.encodeAll(frames), chunk)).containsExactlyElementsOf(frames);
    }

    @Test
    void rfc6455_5_2_aHeaderSplitAtEveryPositionIsReassembled() throws ProtocolException {
        WireFrame frame = WireFrame.masked(true, Opcode.BINARY, payload(70000), 0x0A0B0C0D);
        byte[] wire = frame.encode();
        for (int split = 1; split <= 14; split++) {
            RecordingHandler each = new RecordingHandler();
            FrameDecoder decoder = new FrameDecoder(Role.SERVER, each);
            decoder.decode(ByteBuffer.wrap(wire, 0, split).slice());
            assertThat(each.frames()).isEmpty();
            decoder.decode(ByteBuffer.wrap(wire.clone(), split, wire.length - split).slice());

            assertThat(each.frames()).as("split at %d", split).containsExactly(frame);
        }
    }

    static IntStream lengthBoundaries() {
        return IntStream.of(0, 1, 124, 125, 126, 127, 128, 65534, 65535, 65536, 65537);
    }

    @ParameterizedTest(name = "RFC 6455 5.2: payload length {0}")
    @MethodSource("lengthBoundaries")
    void rfc6455_5_2_decodesEachLengthEncodingAtItsBoundaries(int length) throws ProtocolException {
        WireFrame unmasked = WireFrame.unmasked(true, Opcode.BINARY, payload(length));
        WireFrame masked = WireFrame.masked(true, Opcode.BINARY, payload(length), 0xA1B2C3D4);

        assertThat(decode(Role.CLIENT, unmasked.encode(), 4096)).containsExactly(unmasked);
        RecordingHandler server = new RecordingHandler();
        new FrameDecoder(Role.SERVER, server).decode(ByteBuffer.wrap(masked.encode()));
        assertThat(server.frames()).containsExactly(masked);
    }

    @Test
    void rfc6455_5_2_aLongerThanNecessaryLengthEncodingIsRead() throws ProtocolException {
        // 5 bytes announced with the 16-bit and the 64-bit forms.
        assertThat(decode(Role.CLIENT, Hex.bytes("8205 0102030405  827e0005 0102030405  827f0000000000000005 0102030405"), 3))
                .extracting(f -> Hex.of(f.payload())).containsExactly("0102030405", "0102030405", "0102030405");
    }

    @Test
    void rfc6455_5_2_reportsFinAndOpcode() throws ProtocolException {
        List<WireFrame> frames = decode(Role.CLIENT, Hex.bytes("0100 0000 8000 8200 8800 8900 8a00"), 100);

        assertThat(frames).extracting(WireFrame::fin).containsExactly(false, false, true, true, true, true, true);
        assertThat(frames).extracting(WireFrame::opcode).containsExactly(1, 0, 0, 2, 8, 9, 10);
    }

    @Test
    void rfc6455_5_2_reservedBitsAreReportedWhenAnExtensionOwnsThem() throws ProtocolException {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, handler);
        decoder.allowReservedBits(FrameHeader.RSV1 | FrameHeader.RSV2 | FrameHeader.RSV3);

        decoder.decode(ByteBuffer.wrap(Hex.bytes("c100 a100 9100 f100")));

        assertThat(handler.frames()).extracting(WireFrame::rsv).containsExactly(0x40, 0x20, 0x10, 0x70);
    }

    @Test
    void rfc6455_5_2_aReservedBitNotOwnedByTheExtensionIsStillRefused() {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, handler);
        decoder.allowReservedBits(FrameHeader.RSV1);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("a100"))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("RSV2");
    }

    @ParameterizedTest(name = "RFC 6455 5.2: first byte {0} is refused")
    @ValueSource(strings = {"c1", "a1", "91", "f1", "c9"})
    void rfc6455_5_2_reservedBitsWithoutAnExtensionAreRefused(String firstByte) {
        assertThat(decodeFailure(Role.CLIENT, firstByte + "00").violation()).isEqualTo(Violation.RESERVED_BITS);
    }

    @Test
    void rfc6455_5_2_rsv1OnAControlFrameIsRefusedEvenWhenAnExtensionOwnsIt() throws ProtocolException {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, handler);
        decoder.allowReservedBits(FrameHeader.RSV1);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Hex.bytes("c900"))))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.RESERVED_BITS));
    }

    @ParameterizedTest(name = "RFC 6455 5.2: opcode {0} is reserved")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void rfc6455_5_2_reservedOpcodesAreRefused(int opcode) {
        assertThat(decodeFailure(Role.CLIENT, Hex.of(new byte[] {(byte) (0x80 | opcode), 0})).violation())
                .isEqualTo(Violation.RESERVED_OPCODE);
        assertThat(handler.frames()).isEmpty();
    }

    @Test
    void rfc6455_5_1_aServerRefusesAnUnmaskedFrame() {
        assertThat(decodeFailure(Role.SERVER, "8105 48656c6c6f").violation()).isEqualTo(Violation.UNMASKED_FRAME);
    }

    @Test
    void rfc6455_5_1_aClientRefusesAMaskedFrame() {
        assertThat(decodeFailure(Role.CLIENT, "8185 37fa213d 7f9f4d5158").violation()).isEqualTo(Violation.MASKED_FRAME);
    }

    @Test
    void withoutARoleBothMaskedAndUnmaskedFramesAreRead() throws ProtocolException {
        assertThat(decode(null, Hex.bytes("8105 48656c6c6f 8185 37fa213d 7f9f4d5158"), 3))
                .extracting(f -> new String(f.payload())).containsExactly("Hello", "Hello");
    }

    @Test
    void rfc6455_5_5_aControlFrameOver125BytesIsRefusedFromItsHeader() {
        assertThat(decodeFailure(Role.CLIENT, "897e007e").violation()).isEqualTo(Violation.CONTROL_FRAME_TOO_LONG);
        assertThat(decodeFailure(Role.CLIENT, "8a7f0000000000010000").violation())
                .isEqualTo(Violation.CONTROL_FRAME_TOO_LONG);
    }

    @Test
    void rfc6455_5_5_aControlFrameOf125BytesIsFine() throws ProtocolException {
        assertThat(decode(Role.CLIENT, WireFrame.unmasked(true, Opcode.PING, payload(125)).encode(), 1))
                .extracting(f -> f.payload().length).containsExactly(125);
    }

    @ParameterizedTest(name = "RFC 6455 5.5: control opcode {0} without FIN is refused")
    @ValueSource(strings = {"08", "09", "0a"})
    void rfc6455_5_5_aFragmentedControlFrameIsRefused(String firstByte) {
        assertThat(decodeFailure(Role.CLIENT, firstByte + "00").violation())
                .isEqualTo(Violation.FRAGMENTED_CONTROL_FRAME);
    }

    @Test
    void rfc6455_5_2_a64BitLengthWithTheTopBitSetIsRefused() {
        assertThat(decodeFailure(Role.CLIENT, "827f8000000000000000").violation()).isEqualTo(Violation.LENGTH_TOP_BIT);
        assertThat(decodeFailure(Role.CLIENT, "827fffffffffffffffff").violation()).isEqualTo(Violation.LENGTH_TOP_BIT);
    }

    @Test
    void rfc6455_5_5_aControlFrameSplitAcrossReadsArrivesWhole() throws ProtocolException {
        byte[] wire = WireFrame.masked(true, Opcode.PING, payload(125), 0x01020304).encode();

        decode(Role.SERVER, wire, 10);

        assertThat(handler.piecesPerFrame()).containsExactly(1);
        assertThat(handler.frames().get(0).payload()).isEqualTo(payload(125));
    }

    @Test
    void rfc6455_5_2_aDataPayloadSplitAcrossReadsArrivesInPieces() throws ProtocolException {
        byte[] wire = WireFrame.masked(true, Opcode.BINARY, payload(1000), 0x01020304).encode();

        decode(Role.SERVER, wire, 100);

        assertThat(handler.piecesPerFrame().get(0)).isGreaterThan(1);
        assertThat(handler.frames().get(0).payload()).isEqualTo(payload(1000));
    }

    @Test
    void rfc6455_5_3_thePayloadIsUnmaskedInPlaceAndReportedAsARangeOfTheInput() throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes("8185 37fa213d 7f9f4d5158"));
        List<String> ranges = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, new FrameDecoder.Handler() {
            @Override
            public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int key) {
                ranges.add("header " + length + " " + Integer.toHexString(key));
            }

            @Override
            public void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) {
                ranges.add((buffer == in) + " [" + from + ", " + to + ") " + frameComplete);
            }
        });

        decoder.decode(in);

        assertThat(ranges).containsExactly("header 5 37fa213d", "true [6, 11) true");
        assertThat(Hex.of(in.array(), 6, 11)).isEqualTo("48656c6c6f");
    }

    @Test
    void anEmptyPayloadIsReportedOnceAsAnEmptyCompleteRange() throws ProtocolException {
        decode(Role.CLIENT, Hex.bytes("8200 8900"), 1);

        assertThat(handler.frames()).extracting(f -> f.payload().length).containsExactly(0, 0);
        assertThat(handler.piecesPerFrame()).containsExactly(1, 1);
    }

    @Test
    void atFrameBoundaryFollowsTheDecoder() throws ProtocolException {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, handler);
        assertThat(decoder.atFrameBoundary()).isTrue();
        decoder.decode(ByteBuffer.wrap(Hex.bytes("82")));
        assertThat(decoder.atFrameBoundary()).as("half a header").isFalse();
        decoder.decode(ByteBuffer.wrap(Hex.bytes("03 01")));
        assertThat(decoder.atFrameBoundary()).as("inside a payload").isFalse();
        decoder.decode(ByteBuffer.wrap(Hex.bytes("0203")));
        assertThat(decoder.atFrameBoundary()).isTrue();
    }

    @Test
    void afterStopNothingIsConsumed() throws ProtocolException {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, handler);
        decoder.stop();
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes("8105 48656c6c6f"));

        decoder.decode(in);

        assertThat(in.position()).isZero();
        assertThat(handler.frames()).isEmpty();
    }

    /** The wire is big-endian; a transport's buffer may be set to either order. */
    @Test
    void rfc6455_5_2_readsNetworkByteOrderFromALittleEndianBuffer() throws ProtocolException {
        WireFrame big = WireFrame.masked(true, Opcode.BINARY, payload(65537), 0x37FA213D);
        WireFrame medium = WireFrame.masked(true, Opcode.BINARY, payload(300), 0x01020304);
        byte[] wire = Hex.concat(big.encode(), medium.encode());
        ByteBuffer in = ByteBuffer.allocateDirect(wire.length).order(ByteOrder.LITTLE_ENDIAN);
        in.put(wire).flip();

        new FrameDecoder(Role.SERVER, handler).decode(in);

        assertThat(handler.frames()).containsExactly(big, medium);
    }
}
