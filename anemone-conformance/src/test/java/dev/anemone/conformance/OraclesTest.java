package dev.anemone.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The oracles the catalogue relies on, checked against the JDK: the UTF-8 reference against the
 * JDK's strict decoder, the peer's compression against a plain inflater, and the DEFLATE window
 * scanner against what it scans.
 */
class OraclesTest {

    @Property(tries = 2000)
    void utf8ReferenceAgreesWithTheJdk(@ForAll("utf8ish") byte[] bytes) {
        assertThat(Utf8Reference.firstError(bytes) == Utf8Reference.VALID).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 2000)
    void everythingBeforeTheFirstErrorCouldStillBeValid(@ForAll("utf8ish") byte[] bytes) {
        int error = Utf8Reference.firstError(bytes);
        if (error != Utf8Reference.VALID && error < bytes.length) {
            byte[] before = Arrays.copyOf(bytes, error);
            int again = Utf8Reference.firstError(before);
            assertThat(again == Utf8Reference.VALID || again == before.length).isTrue();
        }
    }

    @Example
    void everySampleIsJudgedLikeTheJdkJudgesIt() {
        for (Utf8Samples.Sample sample : Utf8Samples.all()) {
            assertThat(sample.valid()).as(sample.name()).isEqualTo(jdkAccepts(sample.bytes()));
        }
    }

    @Property(tries = 50)
    void thePeersCompressionInflates(@ForAll @IntRange(min = 0, max = 20_000) int size,
                                     @ForAll @IntRange(min = 9, max = 15) int bits) throws Exception {
        Compression peer = Compression.serverPeer("permessage-deflate; server_max_window_bits=" + bits);
        Inflater inflater = new Inflater(true);
        for (int i = 0; i < 3; i++) {
            byte[] message = Payloads.words(size, size + i);
            byte[] payload = peer.compress(message);
            byte[] stream = Send.concat(payload, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF});
            DeflateWindow.Reach reach = DeflateWindow.scan(stream);
            assertThat(reach.produced()).isEqualTo(message.length);
            assertThat(reach.maxDistance()).isLessThanOrEqualTo(1 << bits);
            inflater.setInput(stream);
            byte[] out = new byte[size + 16];
            int n = 0;
            while (!inflater.needsInput()) {
                n += inflater.inflate(out, n, out.length - n);
            }
            assertThat(Arrays.copyOf(out, n)).isEqualTo(message);
        }
    }

    @Example
    void theScannerSeesReferencesFarBack() {
        byte[] block = Payloads.random(3000, 7);
        byte[] message = Send.concat(block, Payloads.ascii(1000), block);
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(message);
        byte[] out = new byte[message.length * 2];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        DeflateWindow.Reach reach = DeflateWindow.scan(Arrays.copyOf(out, n));
        assertThat(reach.produced()).isEqualTo(message.length);
        assertThat(reach.maxDistance()).isGreaterThanOrEqualTo(4000);
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED,
                        (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0x9F, (byte) 0xA0, (byte) 0x8F,
                        (byte) 0x90, (byte) 0x41));
        return interesting.array(byte[].class).ofMaxSize(12);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
