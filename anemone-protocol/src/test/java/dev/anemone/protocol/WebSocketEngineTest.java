package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The connection's state and its messages: RFC 6455 sections 4 (open), 5.4 (fragments), 5.5 (control frames), 6. */
class WebSocketEngineTest {

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(WireFrame.text(s));
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        new SplittableRandom(length).nextBytes(data);
        return data;
    }

    // ---------------------------------------------------------------- states

    @Test
    void rfc6455_4_startsConnectingAndOpensOnce() {
        RecordingPeer peer = RecordingPeer.connecting(Role.SERVER);
        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.CONNECTING);

        peer.engine.open();

        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.OPEN);
        assertThatThrownBy(peer.engine::open).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void rfc6455_7_goesFromOpenThroughClosingToClosed(Role role) {
        RecordingPeer peer = RecordingPeer.open(role);

        peer.engine.close(1000, "");
        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.CLOSING);
        peer.receiveFrame(true, Opcode.CLOSE, WireFrame.closePayload(1000, ""));
        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.CLOSING);
        peer.engine.transportClosed();

        assertThat(peer.engine.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void sendingBeforeOpenThrows() {
        WebSocketEngine engine = RecordingPeer.connecting(Role.CLIENT).engine;

        assertThatThrownBy(() -> engine.sendText(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.sendBinary(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.sendFragment(true, utf8("x"), false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.ping(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.pong(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.close(1000, "")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.receive(utf8("x"))).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void rfc6455_5_5_1_sendingAfterCloseReturnsFalseAndWritesNothing(Role role) {
        RecordingPeer peer = RecordingPeer.open(role);
        peer.engine.close(1000, "");
        peer.takeWritten();

        assertThat(peer.engine.sendText(utf8("late"))).isFalse();
        assertThat(peer.engine.sendBinary(utf8("late"))).isFalse();
        assertThat(peer.engine.sendFragment(false, utf8("late"), true)).isFalse();
        assertThat(peer.engine.ping(utf8("late"))).isFalse();
        assertThat(peer.engine.pong(utf8("late"))).isFalse();
        peer.engine.close(1000, "again");

        assertThat(peer.takeWritten()).isEmpty();
    }

    @Test
    void sendingAfterTheTransportClosedReturnsFalse() {
        RecordingPeer peer = RecordingPeer.open(Role.SERVER);
        peer.engine.transportClosed();

        assertThat(peer.engine.sendText(utf8("late"))).isFalse();
        assertThat(peer.engine.ping(utf8(""))).isFalse();
        assertThat(peer.written()).isEmpty();
    }

    @Test
    void inputAfterTheTransportClosedIsConsumedAndIgnored() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);
        peer.engine.transportClosed();
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes("8105 48656c6c6f"));

        peer.engine.receive(in);

        assertThat(in.hasRemaining()).isFalse();
        assertThat(peer.events()).containsExactly("closed 1006  unclean");
    }

    @Test
    void theRoleAndConfigAreThoseGiven() {
        EngineConfig config = EngineConfig.defaults().withFragmentSize(7);
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT, config);

        assertThat(peer.engine.role()).isEqualTo(Role.CLIENT);
        assertThat(peer.engine.config()).isSameAs(config);
        assertThat(peer.engine.failure()).isNull();
    }

    // ---------------------------------------------------------------- receiving messages

    @Test
    void rfc6455_5_4_assemblesAMessageFromFragmentsWithControlFramesInBetween() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);

        peer.receiveHex("01 03 48656c  89 02 6869  00 01 6c  8a 00  80 01 6f");

        assertThat(peer.events()).containsExactly("ping 6869", "pong ", "text Hello");
        assertThat(WireFrame.parseAll(peer.written())).extracting(WireFrame::describe).containsExactly("fin PONG 6869");
    }

    @Test
    void rfc6455_5_4_assemblesABinaryMessageFromFragmentsSplitAcrossReads() {
        byte[] data = bytes(3000);
        byte[] wire = WireFrame.encodeAll(List.of(
                WireFrame.masked(false, Opcode.BINARY, java.util.Arrays.copyOfRange(data, 0, 1000), 0x01020304),
                WireFrame.masked(true, Opcode.PING, new byte[0], 0x01020304),
                WireFrame.masked(false, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(data, 1000, 1001), 0x0A0B0C0D),
                WireFrame.masked(true, Opcode.CONTINUATION, java.util.Arrays.copyOfRange(data, 1001, 3000), 0x7FFFFFFF)));

        RecordingPeer peer = RecordingPeer.open(Role.SERVER).receiveInChunks(wire, 7);

        assertThat(peer.events()).containsExactly("ping ", "binary " + Hex.of(data));
    }

    @Test
    void rfc6455_5_2_aSingleFrameSplitAcrossReadsIsDeliveredOnce() {
        byte[] data = bytes(500);

        RecordingPeer peer = RecordingPeer.open(Role.CLIENT)
                .receiveInChunks(WireFrame.unmasked(true, Opcode.BINARY, data).encode(), 100);

        assertThat(peer.events()).containsExactly("binary " + Hex.of(data));
    }

    @Test
    void rfc6455_5_6_emptyMessagesAreDelivered() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);

        peer.receiveHex("81 00  82 00  01 00 80 00  02 00 00 00 80 00");

        assertThat(peer.events()).containsExactly("text ", "binary ", "text ", "binary ");
    }

    @Test
    void rfc6455_5_4_severalMessagesInOneReadAreDeliveredInOrder() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT);

        peer.receiveHex("81 01 61  82 02 0102  01 01 62 80 01 63  81 02 c3a9");

        assertThat(peer.events()).containsExactly("text a", "binary 0102", "text bc", "text é");
    }

    @Test
    void rfc6455_5_5_2_answersEveryPingWithAPongCarryingTheSamePayload() {
        RecordingPeer peer = RecordingPeer.open(Role.SERVER);
        byte[][] payloads = {new byte[0], WireFrame.text("1"), bytes(125), WireFrame.text("ping 4")};

        for (byte[] payload : payloads) {
            peer.receiveFrame(true, Opcode.PING, payload);
        }

        assertThat(peer.writtenFrames()).hasSize(payloads.length);
        for (int i = 0; i < payloads.length; i++) {
            WireFrame pong = peer.writtenFrames().get(i);
            assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
            assertThat(pong.fin()).isTrue();
            assertThat(pong.payload()).isEqualTo(payloads[i]);
            assertThat(peer.events().get(i)).isEqualTo("ping " + Hex.of(payloads[i]));
        }
    }

    @Test
    void rfc6455_5_5_2_aPingSplitAcrossReadsIsAnsweredOnceWhole() {
        byte[] wire = WireFrame.masked(true, Opcode.PING, bytes(100), 0x11223344).encode();

        RecordingPeer peer = RecordingPeer.open(Role.SERVER).receiveByteByByte(wire);

        assertThat(peer.writtenFrames()).extracting(WireFrame::payload).containsExactly(bytes(100));
    }

    @Test
    void rfc6455_5_5_3_anUnsolicitedPongIsReportedAndNotAnswered() {
        RecordingPeer peer = RecordingPeer.open(Role.CLIENT).receiveHex("8a 03 616263");

        assertThat(peer.events()).containsExactly("pong 616263");
        assertThat(peer.written()).isEmpty();
    }

    // ---------------------------------------------------------------- sending

    @Test
    void rfc6455_5_1_aServerNeverMasks() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendText(utf8("a"));
        server.engine.sendBinary(ByteBuffer.wrap(bytes(70000)));
        server.engine.ping(utf8("p"));
        server.engine.close(1000, "");

        assertThat(server.writtenFrames()).hasSize(4).noneMatch(WireFrame::masked);
    }

    @Test
    void rfc6455_5_3_aClientMasksEveryFrameWithAFreshKey() {
        AtomicInteger keysDrawn = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(1);
        RandomGenerator counting = () -> {
            keysDrawn.incrementAndGet();
            return random.nextLong();
        };
        RecordingPeer client = RecordingPeer.open(Role.CLIENT, EngineConfig.defaults().withFragmentSize(10), counting);

        for (int i = 0; i < 20; i++) {
            client.engine.sendText(utf8("message " + i));               // 1 or 2 frames at fragment size 10
            client.engine.sendBinary(ByteBuffer.wrap(bytes(i)));
            client.engine.ping(utf8("p" + i));
            client.engine.pong(utf8(""));
            client.engine.sendFragment(false, ByteBuffer.wrap(bytes(3)), false);
            client.engine.sendFragment(false, ByteBuffer.wrap(bytes(4)), true);
        }
        client.receiveHex("89 00");
        client.engine.close(1000, "bye");

        List<WireFrame> frames = client.writtenFrames();
        Set<Integer> keys = new HashSet<>();
        frames.forEach(f -> keys.add(f.maskKey()));
        assertThat(frames).allMatch(WireFrame::masked);
        assertThat(keysDrawn.get()).as("one key drawn per frame").isEqualTo(frames.size());
        assertThat(keys).as("every key differs").hasSize(frames.size());
    }

    @Test
    void rfc6455_5_3_aClientMasksAPayloadLargerThanItsScratchBuffer() {
        byte[] data = bytes(200_003);
        RecordingPeer client = RecordingPeer.open(Role.CLIENT);

        client.engine.sendBinary(ByteBuffer.wrap(data));
        client.engine.sendText(utf8("after"));

        assertThat(client.writtenFrames()).extracting(WireFrame::describe)
                .containsExactly(WireFrame.unmasked(true, Opcode.BINARY, data).describe(), "fin TEXT 6166746572");
        assertThat(RecordingPeer.open(Role.SERVER).receive(client.written()).events())
                .containsExactly("binary " + Hex.of(data), "text after");
    }

    @Test
    void rfc6455_5_4_messagesLargerThanTheFragmentSizeGoOutInFragments() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER, EngineConfig.defaults().withFragmentSize(4));

        server.engine.sendBinary(ByteBuffer.wrap(Hex.bytes("00010203 04050607 0809")));
        server.engine.sendText(utf8("four"));

        assertThat(server.writtenFrames()).extracting(WireFrame::describe).containsExactly(
                "    BINARY 00010203", "    CONTINUATION 04050607", "fin CONTINUATION 0809", "fin TEXT 666f7572");
    }

    @Test
    void rfc6455_5_4_sendFragmentStreamsOneMessage() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.sendFragment(false, utf8("ab"), false);
        server.engine.ping(utf8(""));
        server.engine.sendFragment(false, utf8("cd"), false);
        server.engine.sendFragment(false, utf8(""), true);
        server.engine.sendFragment(true, utf8("t"), true);

        assertThat(server.writtenFrames()).extracting(WireFrame::describe).containsExactly(
                "    BINARY 6162", "fin PING ", "    CONTINUATION 6364", "fin CONTINUATION ", "fin TEXT 74");
    }

    @Test
    void rfc6455_5_4_noOtherMessageMayStartInsideAFragmentedSend() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);
        server.engine.sendFragment(true, utf8("ab"), false);

        assertThatThrownBy(() -> server.engine.sendText(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.engine.sendBinary(utf8("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.engine.sendFragment(false, utf8("x"), true))
                .isInstanceOf(IllegalStateException.class);
        assertThat(server.writtenFrames()).hasSize(1);
    }

    @Test
    void rfc6455_5_5_aControlFrameOver125BytesIsNotSent() {
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        assertThatThrownBy(() -> server.engine.ping(ByteBuffer.wrap(bytes(126))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.engine.pong(ByteBuffer.wrap(bytes(126))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.engine.ping(ByteBuffer.wrap(bytes(125)))).isTrue();
        assertThat(server.writtenFrames()).extracting(f -> f.payload().length).containsExactly(125);
    }

    /** The wire is big-endian (RFC 6455 section 5.2); the transport's buffer may be set to either order. */
    @Test
    void rfc6455_5_2_aLittleEndianReadBufferChangesNothing() {
        byte[] data = bytes(300);
        byte[] wire = WireFrame.encodeAll(List.of(
                WireFrame.masked(true, Opcode.BINARY, data, 0x37FA213D),
                WireFrame.masked(true, Opcode.TEXT, WireFrame.text("Hello, world"), 0x01020304),
                WireFrame.masked(true, Opcode.CLOSE, WireFrame.closePayload(1001, "away"), 0xA0B0C0D0)));
        ByteBuffer in = ByteBuffer.allocateDirect(wire.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        in.put(wire).flip();
        RecordingPeer server = RecordingPeer.open(Role.SERVER);

        server.engine.receive(in);

        assertThat(server.events()).containsExactly("binary " + Hex.of(data), "text Hello, world", "closeFrame 1001 away");
        assertThat(server.lastWrittenFrame().closeCode()).isEqualTo(1001);
    }

    @Test
    void engineConfigKnobsAndTheirChecks() {
        EngineConfig config = EngineConfig.defaults().withMaxMessageSize(10).withFragmentSize(3)
                .withCloseTimeout(java.time.Duration.ofMillis(250));

        assertThat(config).isEqualTo(new EngineConfig(10, 3, java.time.Duration.ofMillis(250)));
        assertThat(EngineConfig.defaults()).isEqualTo(new EngineConfig(16L << 20, 0, java.time.Duration.ofSeconds(5)));
        assertThatThrownBy(() -> config.withMaxMessageSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withFragmentSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withCloseTimeout(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withCloseTimeout(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void whatOneRoleSendsTheOtherReceives(Role role) {
        RecordingPeer sender = RecordingPeer.open(role, EngineConfig.defaults().withFragmentSize(5));
        sender.engine.sendText(utf8("καλημέρα κόσμε"));
        sender.engine.sendBinary(ByteBuffer.wrap(bytes(300)));
        sender.engine.ping(utf8("?"));
        sender.engine.close(4001, "done");

        RecordingPeer receiver = RecordingPeer.open(sender.remote()).receive(sender.written());

        assertThat(receiver.events()).containsExactly("text καλημέρα κόσμε", "binary " + Hex.of(bytes(300)),
                "ping 3f", "closeFrame 4001 done");
    }
}
