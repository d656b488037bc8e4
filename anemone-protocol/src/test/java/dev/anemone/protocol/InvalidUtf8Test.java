package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 section 8.1: a text message that is not valid UTF-8 fails the connection with 1007, as
 * soon as the first byte that cannot be part of valid UTF-8 arrives, even in the middle of a frame.
 * In each vector (received by a client) {@code ^} marks that byte.
 */
class InvalidUtf8Test {

    static Stream<Arguments> invalidText() {
        return Stream.of(
                arguments("a lone continuation byte", "81 03 41 ^80 42"),
                arguments("C0: an overlong lead, never valid", "81 02 ^c0 80"),
                arguments("C1: an overlong lead, never valid", "81 02 ^c1 bf"),
                arguments("overlong 3-byte form of U+007F", "81 03 e0 ^81 bf"),
                arguments("overlong 3-byte form of U+07FF", "81 03 e0 ^9f bf"),
                arguments("overlong 4-byte form of U+FFFF", "81 04 f0 ^8f bf bf"),
                arguments("high surrogate U+D800", "81 03 ed ^a0 80"),
                arguments("low surrogate U+DFFF", "81 03 ed ^bf bf"),
                arguments("surrogate pair in CESU-8", "81 06 ed ^a0 80 ed b0 80"),
                arguments("U+110000, above U+10FFFF", "81 04 f4 ^90 80 80"),
                arguments("F5 lead, above U+10FFFF", "81 04 ^f5 80 80 80"),
                arguments("FF, never valid", "81 01 ^ff"),
                arguments("a lead byte followed by ASCII", "81 03 41 c3 ^41"),
                arguments("a 3-byte sequence cut by ASCII", "81 03 e2 82 ^41"),
                arguments("after 8 ASCII bytes (the fast path)", "81 0a 41 42 43 44 45 46 47 48 ^ff 49"),
                arguments("Autobahn 6.3.1: κόσμε with a surrogate", "81 14 ce ba e1 bd b9 cf 83 ce bc ce b5 ed ^a0 80 65 64 69 74 65 64"),
                arguments("in the middle of a first fragment", "01 05 41 42 ^ff 43 44  80 01 45"),
                arguments("in the middle of a continuation", "01 01 41  00 04 42 ^fe 43 44  80 01 45"),
                arguments("a sequence broken across fragments", "01 02 41 e2  00 01 82  80 02 ^41 42"),
                arguments("a surrogate split across fragments", "01 01 ed  89 00  80 02 ^a0 80"),
                arguments("truncated at the end of a one-frame message", "81 03 41 e2 ^82"),
                arguments("truncated at the end of a fragmented message", "01 02 41 f0  00 01 9f  80 01 ^98"),
                arguments("truncated before an empty final fragment", "01 02 41 e2  80 ^00"),
                arguments("close reason (section 5.5.1)", "88 04 03 e8 c0 ^af"));
    }

    @ParameterizedTest(name = "RFC 6455 8.1: {0}")
    @MethodSource("invalidText")
    void rfc6455_8_1_failsWith1007(String what, String wire) {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receive(Hex.marked(wire).bytes());

        assertThat(peer.failure().closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
        peer.assertFailedWith(peer.failure().violation());
        assertThat(peer.events()).noneMatch(e -> e.startsWith("text"));
    }

    @ParameterizedTest(name = "RFC 6455 8.1: {0}, byte by byte")
    @MethodSource("invalidText")
    void rfc6455_8_1_failsExactlyWhenTheInvalidByteArrives(String what, String wire) {
        Hex.Marked vector = Hex.marked(wire);
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);

        assertThat(peer.failingByte(vector.bytes())).isEqualTo(vector.mark());
        assertThat(peer.failure().closeCode()).isEqualTo(1007);
    }

    @Test
    void rfc6455_8_1_aMaskedFrameFromAClientFailsAtTheInvalidByte() {
        byte[] payload = Hex.bytes("48656c6c6f ed a0 80 21");   // "Hello", a surrogate, "!"
        byte[] wire = Hex.concat(
                WireFrame.masked(false, Opcode.TEXT, java.util.Arrays.copyOf(payload, 6), 0x37FA213D).encode(),
                WireFrame.masked(true, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(payload, 6, 9), 0x01020304).encode());
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        int failedAt = server.failingByte(wire);

        assertThat(failedAt).as("the A0 after ED, the first byte of the second payload").isEqualTo(6 + 6 + 6);
        server.assertFailedWith(Violation.INVALID_UTF8);
    }

    @Test
    void rfc6455_5_6_validTextSplitInsideCharactersAcrossFragmentsIsDelivered() {
        // "€" (e2 82 ac) and "😀" (f0 9f 98 80) cut at every byte, with a ping in between.
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT)
                .receiveHex("01 01 e2  00 01 82  89 00  00 02 ac f0  00 01 9f  00 00  80 02 98 80");

        assertThat(peer.events()).containsExactly("ping ", "text €😀");
        assertThat(peer.failure()).isNull();
    }

    @Test
    void rfc6455_5_6_validEdgeCharactersAreDelivered() {
        String text = "\u0000\u007f\u0080\u07ff\u0800\ud7ff\ue000\ufffd\ufffe\uffff\ud800\udc00\udbff\udfff";
        byte[] utf8 = WireFrame.text(text);

        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveByteByByte(
                WireFrame.unmasked(true, Opcode.TEXT, utf8).encode());

        assertThat(peer.events()).containsExactly("text " + text);
    }

    @Test
    void rfc6455_5_6_binaryMessagesAreNotValidatedAsUtf8() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("82 04 ff c0 ed a0  02 01 e2 80 01 82");

        assertThat(peer.events()).containsExactly("binary ffc0eda0", "binary e282");
    }

    @Test
    void rfc6455_8_1_eachTextMessageIsValidatedFromAFreshStart() {
        // The first message is complete and valid; a leftover state would reject the second one's first byte.
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("81 02 c3 a9  82 01 c3  81 01 41");

        assertThat(peer.events()).isEqualTo(List.of("text é", "binary c3", "text A"));
    }
}
