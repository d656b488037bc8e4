package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StompDecoderTest {

    static List<StompFrame> decode(StompVersion version, String... chunks) {
        StompDecoder decoder = new StompDecoder(StompLimits.defaults());
        decoder.version(version);
        List<StompFrame> frames = new ArrayList<>();
        for (String chunk : chunks) {
            decoder.decode(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)), frames::add);
        }
        return frames;
    }

    @Test
    void aSendFrameWithABodyEndingAtNul() {
        List<StompFrame> frames = decode(StompVersion.V1_2, "SEND\ndestination:/queue/a\n\nhello\0");
        assertThat(frames).containsExactly(StompFrame.text(StompCommand.SEND, "hello", "destination", "/queue/a"));
    }

    @Test
    void contentLengthLetsTheBodyHoldNul() {
        List<StompFrame> frames = decode(StompVersion.V1_2, "SEND\ncontent-length:3\n\na\0b\0");
        assertThat(frames.get(0).body()).containsExactly('a', 0, 'b');
    }

    @Test
    void contentLengthMustBeFollowedByNul() {
        assertThatThrownBy(() -> decode(StompVersion.V1_2, "SEND\ncontent-length:1\n\nab\0"))
                .hasMessage("frame not terminated by NUL after content-length bytes");
    }

    @Test
    void crlfLineEndingsAndHeartBeatsBetweenFrames() {
        List<StompFrame> frames = decode(StompVersion.V1_2, "\n\r\nSEND\r\na:1\r\n\r\nx\0\n\nSEND\n\n\0\r\n");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).header("a")).isEqualTo("1");
        assertThat(frames.get(1).body()).isEmpty();
    }

    @Test
    void severalFramesInOneMessageAndOneFrameOverMany() {
        assertThat(decode(StompVersion.V1_2, "ACK\nid:1\n\n\0NACK\nid:2\n\n\0")).extracting(StompFrame::command)
                .containsExactly(StompCommand.ACK, StompCommand.NACK);
        assertThat(decode(StompVersion.V1_2, "SUB", "SCRIBE\nid:", "0\n", "\n", "\0"))
                .containsExactly(StompFrame.of(StompCommand.SUBSCRIBE, "id", "0"));
    }

    @Test
    void repeatedHeadersAreKeptAndTheFirstWins() {
        StompFrame frame = decode(StompVersion.V1_2, "MESSAGE\nfoo:World\nfoo:Hello\n\n\0").get(0);
        assertThat(frame.header("foo")).isEqualTo("World");
        assertThat(frame.headers().size()).isEqualTo(2);
    }

    @Test
    void escapesAreDecodedFrom11OnButNotInConnect() {
        assertThat(decode(StompVersion.V1_2, "SEND\na\\cb:c\\\\d\\ne\\rf\n\n\0").get(0).header("a:b")).isEqualTo("c\\d\ne\rf");
        assertThat(decode(StompVersion.V1_0, "SEND\na:c\\\\d\n\n\0").get(0).header("a")).isEqualTo("c\\\\d");
        assertThat(decode(StompVersion.V1_2, "CONNECT\npasscode:a\\cb\n\n\0").get(0).header("passcode")).isEqualTo("a\\cb");
    }

    @Test
    void undefinedEscapesAreErrors() {
        assertThatThrownBy(() -> decode(StompVersion.V1_1, "SEND\na:\\t\n\n\0")).hasMessage("undefined escape sequence \\t");
    }

    @Test
    void valuesMayHoldColons() {
        assertThat(decode(StompVersion.V1_0, "SEND\nurl:http://x:1/\n\n\0").get(0).header("url")).isEqualTo("http://x:1/");
    }

    @Test
    void badCommandsAndHeadersAreNamed() {
        assertThatThrownBy(() -> decode(null, "HELLO\n\n\0")).hasMessage("unknown command 'HELLO'");
        assertThatThrownBy(() -> decode(null, "SEND\nnocolon\n\n\0")).hasMessage("header line without ':'");
        assertThatThrownBy(() -> decode(null, "SEND\ncontent-length:x\n\n\0")).hasMessage("content-length is not a number");
    }

    @Test
    void limitsAreEnforcedBeforeTheBytesArrive() {
        StompDecoder decoder = new StompDecoder(new StompLimits(100, 2, 20));
        assertThatThrownBy(() -> decoder.decode(bytes("SEND\ncontent-length:1000\n\n"), f -> { }))
                .hasMessage("frame larger than 100 bytes");
        assertThatThrownBy(() -> new StompDecoder(new StompLimits(100, 2, 20)).decode(bytes("SEND\na:1\nb:2\nc:3\n"), f -> { }))
                .hasMessage("more than 2 headers");
        assertThatThrownBy(() -> new StompDecoder(new StompLimits(100, 2, 20)).decode(bytes("SEND\na:123456789012345678901\n"), f -> { }))
                .hasMessage("header line longer than 20 bytes");
        assertThatThrownBy(() -> new StompDecoder(new StompLimits(100, 2, 20)).decode(bytes("SEND\n\n" + "x".repeat(200)), f -> { }))
                .hasMessage("frame larger than 100 bytes");
    }

    @Test
    void headersMustBeUtf8() {
        StompDecoder decoder = new StompDecoder(StompLimits.defaults());
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {'S', 'E', 'N', 'D', '\n', 'a', ':', (byte) 0xff, '\n'}), f -> { }))
                .hasMessage("header not valid UTF-8");
    }

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
