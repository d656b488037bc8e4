package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The examples of RFC 6455 section 5.7, and what goes wrong with bad input. */
class DecodeCommandTest {

    @Test
    void singleFrameUnmaskedText() {
        Captured result = Captured.anemone("decode", "81 05 48 65 6c 6c 6f");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("FIN=1 RSV1=0 RSV2=0 RSV3=0 opcode=0x1 TEXT")
                .contains("MASK=0")
                .contains("payload length=5")
                .contains("payload (text): \"Hello\"")
                .contains("1 frame decoded from 7 bytes")
                .doesNotContain("masking key");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void singleFrameMaskedTextIsUnmasked() {
        Captured result = Captured.anemone("decode", "81", "85", "37", "fa", "21", "3d", "7f", "9f", "4d", "51", "58");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("frame 1: offset 0, 11 bytes (6 header + 5 payload)")
                .contains("FIN=1")
                .contains("TEXT")
                .contains("MASK=1 masking key=37fa213d")
                .contains("payload (text): \"Hello\"");
    }

    @Test
    void fragmentedTextShowsEachFrameAndTheWholeMessage() {
        Captured result = Captured.anemone("decode", "01 03 48 65 6c", "80 02 6c 6f");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("FIN=0 RSV1=0 RSV2=0 RSV3=0 opcode=0x1 TEXT")
                .contains("payload (text): \"Hel\"")
                .contains("frame 2: offset 5, 4 bytes")
                .contains("FIN=1 RSV1=0 RSV2=0 RSV3=0 opcode=0x0 CONTINUATION")
                .contains("payload (text): \"lo\"")
                .contains("ends a fragmented TEXT message of 2 frames")
                .contains("message (text): \"Hello\"")
                .contains("2 frames decoded from 9 bytes");
    }

    @Test
    void unmaskedPingAndMaskedPong() {
        Captured result = Captured.anemone("decode", "89 05 48 65 6c 6c 6f 8a 85 37 fa 21 3d 7f 9f 4d 51 58");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("opcode=0x9 PING")
                .contains("opcode=0xa PONG")
                .contains("MASK=1 masking key=37fa213d");
        assertThat(result.out().split("payload \\(text\\): \"Hello\"", -1)).hasSize(3);
    }

    @Test
    void binaryOf256BytesUsesThe16BitLength() {
        StringBuilder hex = new StringBuilder("82 7e 01 00");
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            hex.append(String.format(" %02x", i));
            payload.append(String.format("%02x", i));
        }

        Captured result = Captured.anemone("decode", hex.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("frame 1: offset 0, 260 bytes (4 header + 256 payload)")
                .contains("opcode=0x2 BINARY")
                .contains("payload length=256")
                .contains("payload (hex, 256 bytes):");
        String shownHex = result.out().lines()
                .filter(line -> line.startsWith("    "))
                .map(String::strip)
                .reduce("", String::concat);
        assertThat(shownHex).isEqualTo(payload.toString());
    }

    @Test
    void binaryOf64KibUsesThe64BitLength() {
        StringBuilder hex = new StringBuilder("82 7f 00 00 00 00 00 01 00 00");
        hex.append("00".repeat(65536));

        Captured result = Captured.anemone("decode", hex.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("frame 1: offset 0, 65546 bytes (10 header + 65536 payload)")
                .contains("payload length=65536")
                .contains("payload (hex, 65536 bytes):");
    }

    @Test
    void closeFrameShowsItsCodeAndReason() {
        Captured result = Captured.anemone("decode", "88 02 03 e8");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("opcode=0x8 CLOSE")
                .contains("close code=1000 (normal closure)")
                .contains("close reason=\"\"");
    }

    @Test
    void closeFrameWithAReasonAndColonsBetweenBytes() {
        // 4000 "bye", masked by the client with key 01:02:03:04.
        byte[] payload = {0x0f, (byte) 0xa0, 'b', 'y', 'e'};
        byte[] key = {1, 2, 3, 4};
        StringBuilder hex = new StringBuilder("88:85:01:02:03:04");
        for (int i = 0; i < payload.length; i++) {
            hex.append(String.format(":%02x", (payload[i] ^ key[i % 4]) & 0xFF));
        }

        Captured result = Captured.anemone("decode", hex.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("MASK=1 masking key=01020304")
                .contains("close code=4000 (private use)")
                .contains("close reason=\"bye\"");
    }

    @Test
    void emptyCloseFrameHasNoCode() {
        Captured result = Captured.anemone("decode", "88 00");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("close code: none (reported as 1005, no status received)");
    }

    @Test
    void textThatIsNotUtf8IsShownAsHex() {
        Captured result = Captured.anemone("decode", "81 02 c3 28");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("payload (hex): c328");
    }

    @Test
    void anIncompletePayloadIsReported() {
        Captured result = Captured.anemone("decode", "81 05 48 65 6c 6c 6f 81 05 48 65");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("payload (text): \"Hello\"").contains("1 frame decoded from 11 bytes");
        assertThat(result.err()).contains("frame 2 at offset 7 is incomplete: TEXT payload of 5 bytes, only 2 present");
    }

    @Test
    void anIncompleteHeaderIsReported() {
        Captured result = Captured.anemone("decode", "82 7e 01");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("frame 1 at offset 0 is incomplete: its header takes 4 bytes, only 3 left");
    }

    @Test
    void anIncompleteControlFrameIsReported() {
        Captured result = Captured.anemone("decode", "89 05 48 65");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("PING payload of 5 bytes, only 2 present");
    }

    @Test
    void aFramingErrorIsReportedWithTheDecodersMessage() {
        Captured result = Captured.anemone("decode", "81 00 83 00");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("1 frame decoded");
        assertThat(result.err()).contains("frame 2 at offset 2: reserved opcode: 0x3").contains("1002");
    }

    @Test
    void aFragmentedControlFrameIsAFramingError() {
        Captured result = Captured.anemone("decode", "09 00");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("fragmented control frame");
    }

    @Test
    void somethingThatIsNotHexIsAUsageError() {
        Captured result = Captured.anemone("decode", "81 0g");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("not hex").contains("'g'");
    }

    @Test
    void anOddNumberOfDigitsIsAUsageError() {
        Captured result = Captured.anemone("decode", "81 0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("odd number of hex digits");
    }

    @Test
    void aCompressedMessageIsShownAsHexWithRsv1() {
        // "Hello" deflated, from RFC 7692 section 7.2.3.1.
        Captured result = Captured.anemone("decode", "c1 07 f2 48 cd c9 c9 07 00");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("FIN=1 RSV1=1 RSV2=0 RSV3=0 opcode=0x1 TEXT (RSV1: compressed")
                .contains("payload (hex): f248cdc9c90700");
    }

    @Test
    void aLongerLengthThanNeededIsNoted() {
        Captured result = Captured.anemone("decode", "81 7e 00 05 48 65 6c 6c 6f");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("frame 1: offset 0, 9 bytes (4 header + 5 payload)")
                .contains("note: the length takes more bytes than it needs")
                .contains("payload (text): \"Hello\"");
    }

    @Test
    void aBinaryPayloadOfZerosIsHexNotText() {
        Captured result = Captured.anemone("decode", "82 03 00 00 00");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("payload (hex): 000000");
    }
}
