package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RFC 6455 section 7.4.1 (1009) and section 10.4: a message above the limit fails the connection
 * as soon as a frame header announces it, before any of its payload arrives.
 */
class MessageTooBigTest {

    private static EngineConfig maxMessage(long bytes) {
        return EngineConfig.defaults().withMaxMessageSize(bytes);
    }

    @Test
    void theDefaultLimitIs16MiB() {
        assertThat(EngineConfig.defaults().maxMessageSize()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void rfc6455_10_4_aHeaderAnnouncingOneByteOver16MiBFailsAtOnce() {
        Hex.Marked header = Hex.marked("82 7f 00 00 00 00 01 00 00 ^01");
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);

        assertThat(peer.failingByte(header.bytes())).isEqualTo(header.mark());
        peer.assertFailedWith(Violation.MESSAGE_TOO_BIG);
        assertThat(peer.lastWrittenFrame().closeCode()).isEqualTo(1009);
    }

    @Test
    void rfc6455_10_4_aHeaderAnnouncingExactly16MiBIsAccepted() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("82 7f 0000000001000000  00 01 02");

        assertThat(peer.failure()).isNull();
        assertThat(peer.events()).isEmpty();
    }

    @Test
    void rfc6455_10_4_aMaskedHeaderOverTheLimitFailsBeforeThePayload() {
        Hex.Marked header = Hex.marked("82 ff 00 00 00 00 01 00 00 01  37 fa 21 ^3d");
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        assertThat(server.failingByte(header.bytes())).isEqualTo(header.mark());
        server.assertFailedWith(Violation.MESSAGE_TOO_BIG);
    }

    @Test
    void rfc6455_10_4_theLimitIsConfigurable() {
        RecordingPeer ok = RecordingPeer.open(Role.CLIENT, maxMessage(10)).receiveHex("81 0a 30313233343536373839");
        RecordingPeer tooBig = RecordingPeer.open(Role.CLIENT, maxMessage(10)).receiveHex("81 0b");

        assertThat(ok.events()).containsExactly("text 0123456789");
        tooBig.assertFailedWith(Violation.MESSAGE_TOO_BIG);
    }

    @Test
    void rfc6455_10_4_theLimitCountsEveryFragmentOfAMessage() {
        Hex.Marked wire = Hex.marked("01 06 616263646566  89 00  00 ^05");
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, maxMessage(10));

        assertThat(peer.failingByte(wire.bytes())).as("6 + 5 > 10, known from the second header").isEqualTo(wire.mark());
        peer.assertFailedWith(Violation.MESSAGE_TOO_BIG);
        assertThat(peer.events()).containsExactly("ping ", "failure 1009 MESSAGE_TOO_BIG");
    }

    @Test
    void rfc6455_10_4_fragmentsAddingUpToTheLimitAreAccepted() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, maxMessage(10))
                .receiveHex("01 06 616263646566  00 00  80 04 6768696a");

        assertThat(peer.events()).containsExactly("text abcdefghij");
    }

    @Test
    void rfc6455_10_4_controlFramesDoNotCountTowardsTheMessage() {
        byte[] ping = WireFrame.unmasked(true, Opcode.PING, new byte[125]).encode();
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, maxMessage(10))
                .receive(Hex.concat(Hex.bytes("02 05 0102030405"), ping, Hex.bytes("80 05 0607080910")));

        assertThat(peer.events()).hasSize(2).last().isEqualTo("binary 01020304050607080910");
    }

    @Test
    void rfc6455_10_4_eachMessageStartsFromZero() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, maxMessage(4))
                .receiveHex("82 04 01020304  02 02 0102 80 02 0304  82 04 01020304");

        assertThat(peer.events()).containsExactly("binary 01020304", "binary 01020304", "binary 01020304");
    }

    @Test
    void rfc6455_10_4_withALimitOfZeroOnlyEmptyMessagesPass() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, maxMessage(0)).receiveHex("81 00  82 00  89 01 61  82 01");

        assertThat(peer.events()).startsWith("text ", "binary ", "ping 61");
        peer.assertFailedWith(Violation.MESSAGE_TOO_BIG);
    }

    @Test
    void rfc6455_10_4_aLargeMessageUnderTheLimitIsAssembledFromManyReads() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.SplittableRandom(9).nextBytes(data);
        byte[] wire = WireFrame.encodeAll(java.util.List.of(
                WireFrame.masked(false, Opcode.BINARY, java.util.Arrays.copyOfRange(data, 0, 1_000_000), 0x01020304),
                WireFrame.masked(true, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(data, 1_000_000, data.length), 5)));

        RecordingPeer peer = RecordingPeer.open(Role.SERVER, maxMessage(data.length)).receiveInChunks(wire, 8192);

        assertThat(peer.events()).containsExactly("binary " + Hex.of(data));
    }
}
