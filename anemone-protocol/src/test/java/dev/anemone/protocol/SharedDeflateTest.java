package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate's shared encoder: one compression of a message serves every connection that
 * compresses without context takeover at the server's window (RFC 7692 section 7.1.1.1), and no
 * other connection is offered it.
 */
class SharedDeflateTest {

    private static final byte[] MESSAGE = "the quick brown fox jumps over the lazy dog; ".repeat(40)
            .getBytes(StandardCharsets.UTF_8);

    private static MessageCodec codec(PerMessageDeflate deflate, String offer) {
        return ExtensionNegotiation.serverSide(List.of(offer), List.of(deflate)).newCodec(Role.SERVER);
    }

    @Test
    void section7_1_1_1_connectionsWithoutContextTakeoverShareTheServersEncoder() {
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults());
        MessageCodec browser = codec(deflate, "permessage-deflate; client_max_window_bits");
        MessageCodec asking = codec(deflate, "permessage-deflate; server_no_context_takeover");

        assertThat(browser.sharedEncoder()).isSameAs(deflate.sharedEncoder()).isNotNull();
        assertThat(asking.sharedEncoder()).isSameAs(deflate.sharedEncoder());
    }

    @Test
    void section7_1_1_1_aConnectionKeepingItsContextHasNone() {
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(false, false));

        assertThat(codec(deflate, "permessage-deflate").sharedEncoder()).isNull();
    }

    @Test
    void section7_1_2_1_aConnectionThatAskedForASmallerWindowHasNone() {
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults());

        assertThat(codec(deflate, "permessage-deflate; server_max_window_bits=10").sharedEncoder()).isNull();
    }

    @Test
    void section7_2_1_theSharedEncodingIsWhatEachConnectionWouldSendAndInflatesBack() throws Exception {
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults());
        MessageCodec connection = codec(deflate, "permessage-deflate");
        ByteBuffer payload = ByteBuffer.wrap(MESSAGE);

        ByteBuffer shared = deflate.sharedEncoder().encode(payload);
        byte[] sharedBytes = bytes(shared);
        byte[] ownBytes = bytes(connection.encode(ByteBuffer.wrap(MESSAGE)));

        assertThat(payload.position()).as("the payload is left as it was").isZero();
        assertThat(sharedBytes).isEqualTo(ownBytes).hasSizeLessThan(MESSAGE.length / 4);
        assertThat(inflate(sharedBytes)).isEqualTo(MESSAGE);
        assertThat(deflate.sharedEncoder().reservedBit()).isEqualTo(FrameHeader.RSV1);
    }

    @Test
    void eachEncodingIsABufferOfItsOwn() {
        SharedEncoder shared = new PerMessageDeflate(DeflateOptions.defaults()).sharedEncoder();

        ByteBuffer first = shared.encode(ByteBuffer.wrap(MESSAGE));
        byte[] firstBytes = bytes(first);
        shared.encode(ByteBuffer.wrap(new byte[MESSAGE.length]));

        assertThat(bytes(first)).isEqualTo(firstBytes);
    }

    @Test
    void aMessageUnderTheThresholdIsLeftAsItIs() {
        SharedEncoder shared = new PerMessageDeflate(DeflateOptions.defaults().withThreshold(256)).sharedEncoder();

        assertThat(shared.encode(ByteBuffer.wrap(new byte[255]))).isNull();
        assertThat(shared.encode(ByteBuffer.wrap(new byte[256]))).isNotNull();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Inflates as a receiver does (section 7.2.2): the message with 00 00 ff ff appended. */
    private static byte[] inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(ByteBuffer.allocate(compressed.length + 4).put(compressed)
                .put(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}).flip());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(chunk);
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
