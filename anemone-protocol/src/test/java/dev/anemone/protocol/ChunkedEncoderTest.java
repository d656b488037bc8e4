package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 9112 section 7.1: chunks as the wire carries them. */
class ChunkedEncoderTest {

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.ISO_8859_1.decode(buffer).toString();
    }

    @Test
    void rfc9112_7_1_aChunkIsItsHexSizeTheDataAndCrlf() {
        ByteBuffer data = ByteBuffer.wrap("data: tick\n\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(text(ChunkedEncoder.chunk(data))).isEqualTo("c\r\ndata: tick\n\n\r\n");
        assertThat(data.remaining()).as("the data is not consumed").isEqualTo(12);
        assertThat(text(ChunkedEncoder.chunk(ByteBuffer.allocate(300)))).startsWith("12c\r\n");
    }

    @Test
    void rfc9112_7_1_emptyDataMakesNoChunkSinceAnEmptyChunkEndsTheBody() {
        assertThat(ChunkedEncoder.chunk(ByteBuffer.allocate(0)).remaining()).isZero();
        assertThat(text(ChunkedEncoder.lastChunk())).isEqualTo("0\r\n\r\n");
    }
}
