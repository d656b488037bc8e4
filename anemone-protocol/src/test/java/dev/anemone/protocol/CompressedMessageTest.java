package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Compressed messages through the engine, RFC 7692 sections 6 and 7.2. */
class CompressedMessageTest {

    /** A server engine with permessage-deflate agreed, recording what it delivers and writes. */
    private static final class Endpoint implements EngineListener, Outbound {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final WebSocketEngine engine;
        ProtocolException failure;

        Endpoint(Role role, EngineConfig config, String agreement) {
            engine = new WebSocketEngine(role, config, this, this, new SplittableRandom(1));
            PerMessageDeflate deflate = new PerMessageDeflate(DeflateOptions.defaults().withThreshold(0).withNoContextTakeover(false, false));
            engine.setMessageCodec(ExtensionNegotiation.serverSide(List.of(agreement), List.of(deflate)).newCodec(role));
            engine.open();
        }

        @Override
        public void onText(ByteBuffer utf8) {
            events.add("text " + StandardCharsets.UTF_8.decode(utf8));
        }

        @Override
        public void onBinary(ByteBuffer data) {
            events.add("binary " + data.remaining());
        }

        @Override
        public void onFailure(ProtocolException e) {
            failure = e;
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
            events.add("closed " + code);
        }

        @Override
        public void write(ByteBuffer header, ByteBuffer payload) {
            written.write(header.array(), header.arrayOffset() + header.position(), header.remaining());
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            written.writeBytes(bytes);
        }

        @Override
        public void closeTransport() {
            events.add("closeTransport");
        }

        /** Receives what {@code sender} wrote, and forgets it there. */
        void receiveFrom(Endpoint sender) {
            engine.receive(ByteBuffer.wrap(sender.written.toByteArray()));
            sender.written.reset();
        }
    }

    private static byte[] rawDeflate(byte[] data, int flush) {
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(data);
        byte[] out = new byte[data.length / 100 + 1024];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int n;
        do {
            n = deflater.deflate(out, 0, out.length, flush);
            all.write(out, 0, n);
        } while (n == out.length);
        deflater.end();
        byte[] bytes = all.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    private static byte[] clientFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FrameHeader.size(payload.length, true) + payload.length);
        FrameHeader.write(frame, fin, rsv, opcode, payload.length, true, 0x01020304);
        int start = frame.position();
        frame.put(payload);
        Masking.maskInPlace(frame, start, frame.position(), 0x01020304, 0);
        return frame.array();
    }

    @Test
    void clientAndServerRoundTripWithAndWithoutContextTakeover() {
        for (String agreement : new String[] {"permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=9; client_max_window_bits=8"}) {
            Endpoint client = new Endpoint(Role.CLIENT, EngineConfig.defaults(), agreement);
            Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), agreement);
            String tick = "{\"symbol\":\"ACME\",\"price\":12.5}".repeat(40);
            for (int i = 0; i < 3; i++) {
                client.engine.sendText(ByteBuffer.wrap(tick.getBytes(StandardCharsets.UTF_8)));
                byte[] wire = client.written.toByteArray();
                assertThat(wire[0] & FrameHeader.RSV1).as("RSV1 marks the compressed message").isNotZero();
                assertThat(wire.length).as("compressed on the wire").isLessThan(tick.length() / 4);
                server.receiveFrom(client);
                server.engine.sendText(ByteBuffer.wrap(tick.getBytes(StandardCharsets.UTF_8)));
                client.receiveFrom(server);
            }
            assertThat(server.events).containsOnly("text " + tick).hasSize(3);
            assertThat(client.events).containsOnly("text " + tick).hasSize(3);
        }
    }

    @Test
    void section6_1_fragmentedCompressedMessageHasRsv1OnItsFirstFrameOnly() {
        Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), "permessage-deflate");
        byte[] compressed = rawDeflate("Hello, fragmented world".getBytes(StandardCharsets.UTF_8), Deflater.SYNC_FLUSH);
        int half = compressed.length / 2;
        server.engine.receive(ByteBuffer.wrap(clientFrame(false, FrameHeader.RSV1, Opcode.TEXT, Arrays.copyOf(compressed, half))));
        server.engine.receive(ByteBuffer.wrap(clientFrame(true, 0, Opcode.CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length))));
        assertThat(server.events).containsExactly("text Hello, fragmented world");
    }

    @Test
    void section6_1_rsv1OnAContinuationFails1002() {
        Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), "permessage-deflate");
        server.engine.receive(ByteBuffer.wrap(clientFrame(false, FrameHeader.RSV1, Opcode.TEXT, new byte[] {0x0A})));
        server.engine.receive(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV1, Opcode.CONTINUATION, new byte[] {0x01})));
        assertThat(server.failure.violation()).isEqualTo(Violation.RESERVED_BITS);
        assertThat(server.failure.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
    }

    @Test
    void section8_inflatedTextIsStillValidatedAsUtf8() {
        Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), "permessage-deflate");
        byte[] compressed = rawDeflate(new byte[] {'o', 'k', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, Deflater.SYNC_FLUSH);
        server.engine.receive(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV1, Opcode.TEXT, compressed)));
        assertThat(server.failure.closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
    }

    @Test
    void garbageThatDoesNotInflateFails1007() {
        Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), "permessage-deflate");
        server.engine.receive(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV1, Opcode.BINARY, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00})));
        assertThat(server.failure.violation()).isEqualTo(Violation.BAD_COMPRESSED_DATA);
    }

    @Test
    void compressionBombFails1009WithMemoryBoundedByTheLimit() {
        // 1 GiB of zeros squeezes into about 1 MiB; the limit is 16 MiB.
        Deflater deflater = new Deflater(9, true);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        byte[] out = new byte[64 * 1024];
        for (int i = 0; i < 1024; i++) {
            deflater.setInput(zeros);
            int n;
            do {
                n = deflater.deflate(out, 0, out.length, i == 1023 ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH);
                bomb.write(out, 0, n);
            } while (!deflater.needsInput() || n == out.length);
        }
        deflater.end();
        byte[] payload = bomb.toByteArray();
        assertThat(payload.length).isLessThan(2 * 1024 * 1024);

        Endpoint server = new Endpoint(Role.SERVER, EngineConfig.defaults(), "permessage-deflate");
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        server.engine.receive(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV1, Opcode.BINARY, payload)));
        long grown = runtime.totalMemory() - runtime.freeMemory() - before;
        assertThat(server.failure.violation()).isEqualTo(Violation.MESSAGE_TOO_BIG);
        assertThat(server.failure.closeCode()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
        assertThat(grown).as("heap grown while inflating").isLessThan(256L * 1024 * 1024);
        assertThat(server.events).doesNotContain("binary " + (1 << 30));
    }
}
