package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.2.2, step 5.4: Sec-WebSocket-Accept = base64(SHA-1(key + GUID)). */
class AcceptKeyTest {

    @Test
    void rfc6455_4_2_2_theSampleKeyGivesTheSampleAcceptValue() {
        assertThat(AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void rfc6455_1_3_theGuidIsTheRfcs() {
        assertThat(AcceptKey.GUID).isEqualTo("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }

    @Test
    void rfc6455_4_1_newKeysAreBase64Of16BytesAndDiffer() {
        SplittableRandom random = new SplittableRandom(4);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = AcceptKey.newKey(random);
            assertThat(Base64.getDecoder().decode(key)).hasSize(16);
            assertThat(AcceptKey.isWellFormed(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
    }

    @ParameterizedTest(name = "\"{0}\" is not base64 of 16 bytes")
    @NullAndEmptySource
    @ValueSource(strings = {"dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===",
            "dGhlIHNhbXBsZSBub25jZSE=", "AAAAAAAAAAAAAAAAAAAAAAAA", "dGhlIHNhbXBsZSBub25j*Q==", " dGhlIHNhbXBsZSBub25jZQ=="})
    void rfc6455_4_2_1_malformedKeysAreRecognised(String key) {
        assertThat(AcceptKey.isWellFormed(key)).isFalse();
    }
}
