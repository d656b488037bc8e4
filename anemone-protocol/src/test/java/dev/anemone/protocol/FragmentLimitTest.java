package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A message may come in at most {@link EngineConfig#fragmentLimit()} frames: past it the
 * connection fails with 1009, as soon as the header of the frame one too many arrives. Empty
 * continuation frames grow no buffer, so the count is what ends an endless stream of them.
 */
class FragmentLimitTest {

    @Test
    void theDefaultAllowsOneFrameAKibibyteOfTheMessageSizeAndAtLeast16384() {
        assertThat(EngineConfig.defaults().fragmentLimit()).isEqualTo(16384);
        assertThat(EngineConfig.defaults().withMaxMessageSize(1L << 30).fragmentLimit()).isEqualTo(1 << 20);
        assertThat(EngineConfig.defaults().withMaxMessageSize(1024).fragmentLimit()).isEqualTo(16384);
        assertThat(EngineConfig.defaults().withMaxFragmentsPerMessage(5).withMaxMessageSize(1L << 30).fragmentLimit())
                .isEqualTo(5);
    }

    @Test
    void aMessageInExactlyTheLimitIsDelivered() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, EngineConfig.defaults().withMaxFragmentsPerMessage(3))
                .receiveHex("01 01 61  00 01 62  80 01 63");

        assertThat(peer.events()).containsExactly("text abc");
    }

    @Test
    void oneFrameTooManyFails1009AtItsHeader() {
        Hex.Marked wire = Hex.marked("01 01 61  00 01 62  00 ^01 63");
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, EngineConfig.defaults().withMaxFragmentsPerMessage(2));

        assertThat(peer.failingByte(wire.bytes())).isEqualTo(wire.mark());
        peer.assertFailedWith(Violation.TOO_MANY_FRAGMENTS);
        assertThat(peer.lastWrittenFrame().closeCode()).isEqualTo(1009);
    }

    @Test
    void endlessEmptyContinuationFramesFailAtTheDefaultLimit() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(Hex.bytes("01 00"));
        for (int i = 0; i < EngineConfig.MIN_DERIVED_FRAGMENTS_PER_MESSAGE + 10; i++) {
            wire.writeBytes(Hex.bytes("00 00"));
        }
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receive(wire.toByteArray());

        peer.assertFailedWith(Violation.TOO_MANY_FRAGMENTS);
        assertThat(peer.events()).containsExactly("failure 1009 TOO_MANY_FRAGMENTS");
    }

    @Test
    void theCountStartsOverWithEachMessage() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, EngineConfig.defaults().withMaxFragmentsPerMessage(2))
                .receiveHex("01 01 61  80 01 62  01 01 63  80 01 64");

        assertThat(peer.events()).containsExactly("text ab", "text cd");
    }
}
