package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Messages delivered in parts as they arrive, sent in parts (compressed as one stream), and
 * input suspended in the middle of a read: the engine's side of streaming and of demand.
 */
class MessagePartsTest {

    /** An engine recording parts and whole messages, and keeping what it writes. */
    private static final class Peer implements EngineListener, Outbound {
        final WebSocketEngine engine;
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream parts = new ByteArrayOutputStream();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int partCount;
        boolean suspendAfterEachDelivery;
        ProtocolException failure;

        Peer(Role role, EngineConfig config, String deflateAgreement, boolean inParts) {
            engine = new WebSocketEngine(role, config, this, this, new SplittableRandom(7));
            if (deflateAgreement != null) {
                PerMessageDeflate deflate = new PerMessageDeflate(
                        DeflateOptions.defaults().withThreshold(0).withNoContextTakeover(false, false));
                engine.setMessageCodec(ExtensionNegotiation.serverSide(List.of(deflateAgreement), List.of(deflate))
                        .newCodec(role));
            }
            engine.deliverInParts(inParts);
            engine.open();
        }

        @Override
        public void onText(ByteBuffer utf8) {
            events.add("text " + StandardCharsets.UTF_8.decode(utf8));
            delivered();
        }

        @Override
        public void onBinary(ByteBuffer data) {
            events.add("binary " + data.remaining());
            delivered();
        }

        @Override
        public void onTextPart(ByteBuffer utf8, boolean last) {
            // Each part must decode on its own: a strict decoder throws on a split code point.
            byte[] bytes = new byte[utf8.remaining()];
            utf8.duplicate().get(bytes);
            assertThat(Utf8Validator.isValid(bytes)).as("a text part is whole UTF-8").isTrue();
            parts.writeBytes(bytes);
            partCount++;
            if (last) {
                events.add("text parts " + parts.toString(StandardCharsets.UTF_8));
                parts.reset();
            }
            delivered();
        }

        @Override
        public void onBinaryPart(ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            parts.writeBytes(bytes);
            partCount++;
            if (last) {
                events.add("binary parts " + parts.size());
                parts.reset();
            }
            delivered();
        }

        private void delivered() {
            if (suspendAfterEachDelivery) {
                engine.suspendInput();
            }
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
            byte[] h = new byte[header.remaining()];
            header.get(h);
            byte[] p = new byte[payload.remaining()];
            payload.get(p);
            written.writeBytes(h);
            written.writeBytes(p);
        }

        @Override
        public void closeTransport() {
            events.add("closeTransport");
        }

        /** Takes what {@code sender} wrote, in chunks of {@code chunk} bytes. */
        void receiveFrom(Peer sender, int chunk) {
            byte[] wire = sender.written.toByteArray();
            sender.written.reset();
            for (int at = 0; at < wire.length; at += chunk) {
                int end = Math.min(wire.length, at + chunk);
                engine.receive(ByteBuffer.wrap(wire, at, end - at).slice());
            }
        }
    }

    private static Peer client(String deflate) {
        return new Peer(Role.CLIENT, EngineConfig.defaults(), deflate, false);
    }

    private static Peer serverInParts(String deflate) {
        return new Peer(Role.SERVER, EngineConfig.defaults(), deflate, true);
    }

    @Test
    void aMessageArrivesInPartsAsItsBytesDoAndIsNeverAssembled() {
        Peer client = client(null);
        Peer server = serverInParts(null);
        byte[] big = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(big);
        client.engine.sendBinary(ByteBuffer.wrap(big));
        server.receiveFrom(client, 16 * 1024);
        assertThat(server.events).containsExactly("binary parts " + big.length);
        assertThat(server.partCount).as("one part per read").isGreaterThanOrEqualTo(64);
    }

    @Test
    void textPartsNeverEndInsideACodePointWhateverTheChunking() {
        String text = "añ€😀".repeat(500);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 64, 1000}) {
            Peer client = client(null);
            Peer server = serverInParts(null);
            client.engine.sendText(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            server.receiveFrom(client, chunk);
            assertThat(server.events).as("chunks of " + chunk).containsExactly("text parts " + text);
            assertThat(server.failure).isNull();
        }
    }

    @Test
    void invalidUtf8FailsAcrossPartsAsItDoesWhole() {
        Peer server = serverInParts(null);
        byte[] bad = {(byte) 0xCE, (byte) 0xBA, (byte) 0xE1, (byte) 0xBD, (byte) 0xB9, (byte) 0xCF, (byte) 0x83, (byte) 0xED,
            (byte) 0xA0, (byte) 0x80};
        byte[] frame = WireFrame.from(Role.CLIENT, true, Opcode.TEXT, bad, 0x11223344).encode();
        for (byte b : frame) {
            server.engine.receive(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(server.failure).isNotNull();
        assertThat(server.failure.closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
    }

    @Test
    void fragmentsOfAMessageArriveAsPartsWithTheLastFlagOnTheFinalOne() {
        Peer client = client(null);
        Peer server = serverInParts(null);
        client.engine.sendFragment(true, ByteBuffer.wrap("Hel".getBytes(StandardCharsets.UTF_8)), false);
        client.engine.ping(ByteBuffer.wrap(new byte[] {1}));
        client.engine.sendFragment(true, ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)), true);
        server.receiveFrom(client, 1000);
        assertThat(server.events).containsExactly("text parts Hello");
        assertThat(server.partCount).isEqualTo(2);
    }

    @Test
    void compressedMessagesAreInflatedInBoundedPartsAndPartsSentCompressedAreOneStream() {
        for (String agreement : new String[] {"permessage-deflate",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=9; client_max_window_bits=9"}) {
            Peer client = new Peer(Role.CLIENT, EngineConfig.defaults(), agreement, false);
            Peer server = new Peer(Role.SERVER, EngineConfig.defaults(), agreement, true);
            // 4 MiB of very compressible text, sent in 100 parts: one compressed stream.
            String line = "{\"symbol\":\"ACME\",\"price\":12.5,\"note\":\"ü€😀\"}\n";
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                String part = line.repeat(1000);
                all.append(part);
                client.engine.sendFragment(true, ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), i == 99);
            }
            byte[] wire = client.written.toByteArray();
            assertThat(wire[0] & FrameHeader.RSV1).as(agreement + ": RSV1 on the first frame").isNotZero();
            assertThat(wire.length).as("compressed").isLessThan(all.length() / 20);
            server.receiveFrom(client, 8 * 1024);
            assertThat(server.failure).isNull();
            assertThat(server.events).containsExactly("text parts " + all);
            assertThat(server.partCount).as("inflated in parts of at most 64 KiB")
                    .isGreaterThanOrEqualTo(all.toString().getBytes(StandardCharsets.UTF_8).length / WebSocketEngine.PART_SIZE);
            // The next message, whole and compressed, still inflates: the stream ended cleanly.
            client.engine.sendText(ByteBuffer.wrap("after".getBytes(StandardCharsets.UTF_8)));
            server.receiveFrom(client, 1000);
            assertThat(server.events).last().isEqualTo("text parts after");
        }
    }

    @Test
    void suspendedInputLeavesTheRestOfTheReadForLater() {
        Peer client = client(null);
        Peer server = new Peer(Role.SERVER, EngineConfig.defaults(), null, false);
        for (int i = 0; i < 5; i++) {
            client.engine.sendText(ByteBuffer.wrap(("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        client.engine.ping(ByteBuffer.wrap(new byte[] {9}));
        ByteBuffer read = ByteBuffer.wrap(client.written.toByteArray());
        server.suspendAfterEachDelivery = true;
        server.engine.receive(read);
        assertThat(server.events).containsExactly("text m0");
        assertThat(read.hasRemaining()).as("the rest of the read is left").isTrue();
        int delivered = 1;
        while (read.hasRemaining()) {
            server.engine.resumeInput();
            server.engine.receive(read);
            delivered++;
        }
        assertThat(server.events).containsExactly("text m0", "text m1", "text m2", "text m3", "text m4");
        assertThat(delivered).isEqualTo(6);
        assertThat(server.written.toByteArray()).as("the ping was answered once reached").hasSize(3);
    }

    @Test
    void aLargeMessageStopsBetweenPartsWhenSuspended() {
        Peer client = client(null);
        Peer server = serverInParts(null);
        server.suspendAfterEachDelivery = true;
        client.engine.sendBinary(ByteBuffer.wrap(new byte[300_000]));
        byte[] wire = client.written.toByteArray();
        // Reads of 100,000 bytes: each delivers one part, then stops until resumed.
        int parts = 0;
        for (int at = 0; at < wire.length; at += 100_000) {
            ByteBuffer read = ByteBuffer.wrap(wire, at, Math.min(100_000, wire.length - at)).slice();
            server.engine.resumeInput();
            server.engine.receive(read);
            parts++;
            assertThat(server.partCount).isEqualTo(parts);
        }
        assertThat(server.events).containsExactly("binary parts 300000");
    }
}
