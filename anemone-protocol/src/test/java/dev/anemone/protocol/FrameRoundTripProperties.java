package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** RFC 6455 section 5.2: what is encoded decodes to the same frame, in both directions. */
class FrameRoundTripProperties {

    static final int[] LENGTH_BOUNDARIES = {0, 1, 124, 125, 126, 127, 128, 65534, 65535, 65536, 65537};

    /** Payload lengths: mostly small, often at an encoding boundary, sometimes anything up to 70000. */
    static Arbitrary<Integer> payloadLengths() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 300)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(LENGTH_BOUNDARIES[0], LENGTH_BOUNDARIES[1], LENGTH_BOUNDARIES[2],
                        LENGTH_BOUNDARIES[3], LENGTH_BOUNDARIES[4], LENGTH_BOUNDARIES[5], LENGTH_BOUNDARIES[6],
                        LENGTH_BOUNDARIES[7], LENGTH_BOUNDARIES[8], LENGTH_BOUNDARIES[9], LENGTH_BOUNDARIES[10])),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 70_000)));
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Any valid frame a {@code sender} may send: data frames with any RSV bits, control frames whole and short. */
    static Arbitrary<WireFrame> frames(Role sender) {
        return Combinators.combine(Arbitraries.of(Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE,
                                Opcode.PING, Opcode.PONG),
                        Arbitraries.of(true, false), Arbitraries.integers().between(0, 7), payloadLengths(),
                        Arbitraries.longs(), Arbitraries.integers())
                .as((opcode, fin, rsv, length, seed, key) -> {
                    boolean control = Opcode.isControl(opcode);
                    int size = control ? Math.min(length, 125) : length;
                    return new WireFrame(control || fin, control ? 0 : rsv << 4, opcode, sender == Role.CLIENT, key,
                            bytes(size, seed));
                });
    }

    @Provide
    Arbitrary<WireFrame> clientFrames() {
        return frames(Role.CLIENT);
    }

    @Provide
    Arbitrary<WireFrame> serverFrames() {
        return frames(Role.SERVER);
    }

    /** Encodes with the production codec: FrameHeader, then Masking. */
    static byte[] encode(WireFrame frame) {
        int length = frame.payload().length;
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.size(length, frame.masked()) + length);
        FrameHeader.write(out, frame.fin(), frame.rsv(), frame.opcode(), length, frame.masked(), frame.maskKey());
        Masking.maskInto(ByteBuffer.wrap(frame.payload()), out, frame.masked() ? frame.maskKey() : 0);
        assertThat(out.hasRemaining()).as("FrameHeader.size is exact").isFalse();
        return out.array();
    }

    static List<WireFrame> decode(Role receiver, byte[] wire) throws ProtocolException {
        RecordingHandler handler = new RecordingHandler();
        FrameDecoder decoder = new FrameDecoder(receiver, handler);
        decoder.allowReservedBits(FrameHeader.RSV1 | FrameHeader.RSV2 | FrameHeader.RSV3);
        decoder.decode(ByteBuffer.wrap(wire));
        return handler.frames();
    }

    @Property(tries = 500)
    void rfc6455_5_2_clientFramesSurviveEncodeThenDecodeByAServer(@ForAll("clientFrames") WireFrame frame)
            throws ProtocolException {
        byte[] wire = encode(frame);

        assertThat(wire).as("the same bytes as the independent encoder").isEqualTo(frame.encode());
        assertThat(decode(Role.SERVER, wire)).containsExactly(frame);
    }

    @Property(tries = 500)
    void rfc6455_5_2_serverFramesSurviveEncodeThenDecodeByAClient(@ForAll("serverFrames") WireFrame frame)
            throws ProtocolException {
        byte[] wire = encode(frame);

        assertThat(wire).isEqualTo(frame.encode());
        assertThat(decode(Role.CLIENT, wire)).containsExactly(frame);
    }

    @Property(tries = 300)
    void rfc6455_5_2_aSequenceOfFramesDecodesInOrder(@ForAll @Size(max = 8) List<@From("clientFrames") WireFrame> frames)
            throws ProtocolException {
        List<byte[]> parts = new ArrayList<>();
        frames.forEach(f -> parts.add(encode(f)));

        assertThat(decode(Role.SERVER, Hex.concat(parts.toArray(new byte[0][])))).containsExactlyElementsOf(frames);
    }

    // ---------------------------------------------------------------- engine to engine

    /** One thing the sending engine is asked to do, and the event the receiving engine must report. */
    record Send(int kind, byte[] payload, int pieces) {

        static final int TEXT = 0;
        static final int BINARY = 1;
        static final int PING = 2;
        static final int PONG = 3;
        static final int FRAGMENTED_TEXT = 4;
        static final int FRAGMENTED_BINARY = 5;

        void perform(WebSocketEngine engine) {
            switch (kind) {
                case TEXT -> engine.sendText(ByteBuffer.wrap(payload));
                case BINARY -> engine.sendBinary(ByteBuffer.wrap(payload));
                case PING -> engine.ping(ByteBuffer.wrap(payload));
                case PONG -> engine.pong(ByteBuffer.wrap(payload));
                default -> {
                    // Cut anywhere, even inside a UTF-8 sequence: the receiver validates across fragments.
                    int step = Math.max(1, payload.length / pieces);
                    for (int at = 0; ; at += step) {
                        int end = Math.min(payload.length, at + step);
                        boolean last = end == payload.length;
                        engine.sendFragment(kind == FRAGMENTED_TEXT, ByteBuffer.wrap(payload, at, end - at), last);
                        if (last) {
                            break;
                        }
                    }
                }
            }
        }

        String expectedEvent() {
            return switch (kind) {
                case TEXT, FRAGMENTED_TEXT -> "text " + new String(payload, StandardCharsets.UTF_8);
                case BINARY, FRAGMENTED_BINARY -> "binary " + Hex.of(payload);
                case PING -> "ping " + Hex.of(payload);
                default -> "pong " + Hex.of(payload);
            };
        }
    }

    @Provide
    Arbitrary<Send> sends() {
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(200)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));   // lone surrogates become '?': valid UTF-8
        Arbitrary<byte[]> binary = Combinators.combine(payloadLengths(), Arbitraries.longs()).as(FrameRoundTripProperties::bytes);
        Arbitrary<byte[]> control = Combinators.combine(Arbitraries.integers().between(0, 125), Arbitraries.longs())
                .as(FrameRoundTripProperties::bytes);
        Arbitrary<Integer> pieces = Arbitraries.integers().between(1, 6);
        return Arbitraries.oneOf(
                Combinators.combine(text, pieces).as((p, n) -> new Send(Send.TEXT, p, n)),
                Combinators.combine(binary, pieces).as((p, n) -> new Send(Send.BINARY, p, n)),
                Combinators.combine(control, pieces).as((p, n) -> new Send(Send.PING, p, n)),
                Combinators.combine(control, pieces).as((p, n) -> new Send(Send.PONG, p, n)),
                Combinators.combine(text, pieces).as((p, n) -> new Send(Send.FRAGMENTED_TEXT, p, n)),
                Combinators.combine(binary, pieces).as((p, n) -> new Send(Send.FRAGMENTED_BINARY, p, n)));
    }

    private static void enginesAgree(Role sender, List<Send> sends, int fragmentSize) {
        RecordingPeer from = RecordingPeer.open(sender, EngineConfig.defaults().withFragmentSize(fragmentSize),
                new SplittableRandom(sends.size()));
        sends.forEach(send -> send.perform(from.engine));
        from.engine.close(1000, "end");

        // One-byte fragments of a long message pass the default limit on fragments: it is not what is tested here.
        RecordingPeer to = RecordingPeer.open(from.remote(), EngineConfig.defaults().withMaxFragmentsPerMessage(Integer.MAX_VALUE))
                .receive(from.written());

        List<String> expected = new ArrayList<>();
        sends.forEach(send -> expected.add(send.expectedEvent()));
        expected.add("closeFrame 1000 end");
        assertThat(to.events()).containsExactlyElementsOf(expected);
        assertThat(from.writtenFrames()).allMatch(f -> f.masked() == (sender == Role.CLIENT));
    }

    @Property(tries = 200)
    void rfc6455_6_whatAClientSendsAServerReceives(@ForAll @Size(max = 6) List<@From("sends") Send> sends,
                                                   @ForAll @IntRange(min = 0, max = 300) int fragmentSize) {
        enginesAgree(Role.CLIENT, sends, fragmentSize);
    }

    @Property(tries = 200)
    void rfc6455_6_whatAServerSendsAClientReceives(@ForAll @Size(max = 6) List<@From("sends") Send> sends,
                                                   @ForAll @IntRange(min = 0, max = 300) int fragmentSize) {
        enginesAgree(Role.SERVER, sends, fragmentSize);
    }
}
