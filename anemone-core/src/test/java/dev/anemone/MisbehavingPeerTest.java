package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Opcode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that breaks the protocol gets its close code, and its TCP connection is gone within the
 * close timeout even when it never answers (RFC 6455 section 7.1.7).
 */
class MisbehavingPeerTest {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);
    private WebSocketServer server;

    @BeforeEach
    void start() {
        server = Servers.echo().closeTimeout(CLOSE_TIMEOUT).maxMessageSize(1024).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void unmaskedFrameGets1002AndTheConnectionGoes() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            ByteBuffer frame = ByteBuffer.allocate(7);
            FrameHeader.write(frame, true, 0, Opcode.TEXT, 5, false, 0);
            frame.put("hello".getBytes());
            client.send(frame.array());
            RawClient.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
            assertThat(client.awaitEof(3 * (int) CLOSE_TIMEOUT.toMillis())).isTrue();
        }
    }

    @Test
    void invalidUtf8Gets1007() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            client.sendFrame(true, Opcode.TEXT, new byte[] {'a', (byte) 0xC0, (byte) 0xAF});
            assertThat(client.readFrame().closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
            assertThat(client.awaitEof(3 * (int) CLOSE_TIMEOUT.toMillis())).isTrue();
        }
    }

    @Test
    void oversizedMessageGets1009() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            client.sendFrame(true, Opcode.BINARY, new byte[2048]);
            assertThat(client.readFrame().closeCode()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
            assertThat(client.awaitEof(3 * (int) CLOSE_TIMEOUT.toMillis())).isTrue();
        }
    }

    @Test
    void peerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            client.sendFrame(true, Opcode.TEXT, "close me".getBytes());
            assertThat(client.readFrame().text()).isEqualTo("close me");
            server.clients().forEach(socket -> socket.close(4001, "test"));
            RawClient.Frame close = client.readFrame();
            assertThat(close.closeCode()).isEqualTo(4001);
            // The peer stays silent; the server must drop it once the close timeout passes.
            assertThat(client.awaitEof(3 * (int) CLOSE_TIMEOUT.toMillis() + 1000)).isTrue();
        }
    }

    @Test
    void cleanCloseFromThePeerIsEchoedAndTheServerClosesTcpFirst() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake("/echo");
            client.sendFrame(true, Opcode.CLOSE, new byte[] {0x0F, (byte) 0xA0, 'o', 'k'});
            RawClient.Frame echo = client.readFrame();
            assertThat(echo.closeCode()).isEqualTo(4000);
            assertThat(new String(echo.payload(), 2, 2)).isEqualTo("ok");
            assertThat(client.awaitEof(1000)).isTrue();
        }
    }
}
