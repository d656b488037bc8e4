package dev.anemone.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's incremental parsing of server frames, and its own client frames. */
class ServerFramesTest {

    /** Two unmasked server frames: "Hi" as text, then 300 bytes of binary (16-bit length). */
    private static byte[] twoFrames() {
        ByteBuffer frames = ByteBuffer.allocate(2 + 2 + 4 + 300);
        frames.put((byte) 0x81).put((byte) 2).put((byte) 'H').put((byte) 'i');
        frames.put((byte) 0x82).put((byte) 126).putShort((short) 300);
        for (int i = 0; i < 300; i++) {
            frames.put((byte) i);
        }
        return frames.array();
    }

    @Test
    void findsEveryFrameWhateverTheSplit() {
        byte[] wire = twoFrames();
        for (int split = 0; split <= wire.length; split++) {
            List<String> seen = new ArrayList<>();
            ServerFrames.Sink sink = (first, buffer, start, length) -> {
                seen.add(Integer.toHexString(first) + ":" + length + ":" + (buffer.get(start) & 0xFF));
                return true;
            };
            ByteBuffer buffer = ByteBuffer.allocate(wire.length);
            buffer.put(wire, 0, split).flip();
            ServerFrames.parse(buffer, sink);
            // As the load loop does: keep what was not consumed, then add the rest.
            ByteBuffer rest = ByteBuffer.allocate(wire.length);
            rest.put(buffer).put(wire, split, wire.length - split).flip();
            ServerFrames.parse(rest, sink);
            assertThat(seen).as("split at %d", split).containsExactly("81:2:72", "82:300:0");
            assertThat(rest.hasRemaining()).isFalse();
        }
    }

    @Test
    void reportsTheSizeOfAFrameWhoseHeaderArrived() {
        ByteBuffer partial = ByteBuffer.wrap(twoFrames(), 4, 10);
        int needed = ServerFrames.parse(partial, (first, buffer, start, length) -> true);
        assertThat(needed).isEqualTo(304);
        assertThat(partial.position()).isEqualTo(4);
    }

    @Test
    void refusesAMaskedFrame() {
        ByteBuffer masked = ByteBuffer.wrap(ClientFrames.masked(ClientFrames.TEXT, false, new byte[] {1}));
        assertThatThrownBy(() -> ServerFrames.parse(masked, (first, buffer, start, length) -> true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientFramesAreMaskedWithTheirKey() {
        byte[] payload = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] frame = ClientFrames.masked(ClientFrames.TEXT, true, payload);
        assertThat(frame[0] & 0xFF).isEqualTo(0x80 | 0x40 | 0x1);
        assertThat(frame[1] & 0xFF).isEqualTo(0x80 | 5);
        for (int i = 0; i < payload.length; i++) {
            assertThat((byte) (frame[6 + i] ^ frame[2 + (i & 3)])).isEqualTo(payload[i]);
        }
    }

    @Test
    void acceptKeyIsTheOneInRfc6455() {
        assertThat(Upgrade.expectedAccept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
