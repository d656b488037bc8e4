package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 6455 section 5: TCP may cut the byte stream anywhere, so how it is cut must not matter. A
 * random valid stream (several messages, fragments, pings and pongs between fragments, a closing
 * Close frame) fed in any chunks gives the same events, writes and transport calls as fed whole,
 * and those are what the stream says.
 */
class ChunkingProperties {

    /** A stream a peer sends to {@code receiver}, and the events it must cause. */
    record Stream(Role receiver, byte[] bytes, List<String> expectedEvents, int frames) {
        @Override
        public String toString() {
            return receiver + " receives " + frames + " frames, " + bytes.length + " bytes: " + expectedEvents;
        }
    }

    @Provide
    Arbitrary<Stream> streams() {
        return Arbitraries.randomValue(ChunkingProperties::randomStream);
    }

    static Stream randomStream(Random random) {
        Role receiver = random.nextBoolean() ? Role.SERVER : Role.CLIENT;
        Role sender = receiver == Role.SERVER ? Role.CLIENT : Role.SERVER;
        List<WireFrame> frames = new ArrayList<>();
        List<String> events = new ArrayList<>();
        int messages = random.nextInt(6);
        for (int m = 0; m < messages; m++) {
            boolean text = random.nextBoolean();
            byte[] payload = text ? randomText(random) : randomBytes(random, random.nextInt(4) == 0 ? 70_000 : 300);
            int fragments = 1 + random.nextInt(4);
            int at = 0;
            for (int f = 0; f < fragments; f++) {
                boolean last = f == fragments - 1;
                int end = last ? payload.length : at + random.nextInt(payload.length - at + 1);
                int opcode = f == 0 ? (text ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION;
                frames.add(WireFrame.from(sender, last, opcode, Arrays.copyOfRange(payload, at, end), random.nextInt()));
                at = end;
                if (last) {
                    events.add(text ? "text " + new String(payload, StandardCharsets.UTF_8) : "binary " + Hex.of(payload));
                }
                if (random.nextInt(3) == 0) {   // a control frame after this frame
                    byte[] control = randomBytes(random, 126);
                    boolean ping = random.nextBoolean();
                    frames.add(WireFrame.from(sender, true, ping ? Opcode.PING : Opcode.PONG, control, random.nextInt()));
                    events.add((ping ? "ping " : "pong ") + Hex.of(control));
                }
            }
        }
        if (random.nextBoolean()) {
            int code = random.nextBoolean() ? 1000 : 3000 + random.nextInt(2000);
            frames.add(WireFrame.from(sender, true, Opcode.CLOSE, WireFrame.closePayload(code, "bye"), random.nextInt()));
            events.add("closeFrame " + code + " bye");
            frames.add(WireFrame.from(sender, true, Opcode.TEXT, WireFrame.text("ignored"), random.nextInt()));
        }
        return new Stream(receiver, WireFrame.encodeAll(frames), events, frames.size());
    }

    static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text mixing 1- to 4-byte characters, so that fragment and chunk edges fall inside them. */
    static byte[] randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(60);
        int[] starts = {0x20, 0x80, 0x800, 0xE000, 0x10000};
        int[] ends = {0x7F, 0x7FF, 0xD7FF, 0xFFFF, 0x10FFFF};
        for (int i = 0; i < length; i++) {
            int range = random.nextInt(starts.length);
            text.appendCodePoint(starts[range] + random.nextInt(ends[range] - starts[range] + 1));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a receiver does with a stream: its events, what it wrote (pongs, echo), transport closes. */
    record Outcome(List<String> events, String written, int closeTransportCalls, ReadyState state) {
    }

    private static RecordingPeer receiver(Stream stream) {
        // The same seed for every run: a client's pongs are masked with the same keys however the input is cut.
        return RecordingPeer.open(stream.receiver(), EngineConfig.defaults(), new java.util.SplittableRandom(7));
    }

    private static Outcome outcome(RecordingPeer peer) {
        return new Outcome(peer.events(), Hex.of(peer.written()), peer.closeTransportCalls(), peer.engine.readyState());
    }

    static Outcome feedWhole(Stream stream) {
        return outcome(receiver(stream).receive(stream.bytes()));
    }

    static Outcome feedInChunks(Stream stream, List<Integer> chunkSizes) {
        RecordingPeer peer = receiver(stream);
        byte[] bytes = stream.bytes();
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int size = Math.min(chunkSizes.get(i % chunkSizes.size()), bytes.length - at);
            // Each chunk in a buffer of its own, at a nonzero offset, as a transport's reads would be.
            ByteBuffer chunk = ByteBuffer.allocate(size + 3).position(3).put(bytes, at, size).flip().position(3);
            peer.engine.receive(chunk);
            assertThat(chunk.hasRemaining()).as("every read is consumed").isFalse();
            at += size;
        }
        return outcome(peer);
    }

    @Property(tries = 300)
    void rfc6455_5_aValidStreamFedWholeGivesTheEventsItEncodes(@ForAll("streams") Stream stream) {
        Outcome whole = feedWhole(stream);

        assertThat(whole.events()).containsExactlyElementsOf(stream.expectedEvents());
        assertThat(whole.events()).noneMatch(e -> e.startsWith("failure"));
    }

    @Property(tries = 300)
    void rfc6455_5_anyChunkingGivesTheSameOutcomeAsFeedingWhole(
            @ForAll("streams") Stream stream,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) {
        assertThat(feedInChunks(stream, chunkSizes)).isEqualTo(feedWhole(stream));
    }

    @Property(tries = 100)
    void rfc6455_5_largeChunksGiveTheSameOutcomeAsFeedingWhole(
            @ForAll("streams") Stream stream,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 100_000) Integer> chunkSizes) {
        assertThat(feedInChunks(stream, chunkSizes)).isEqualTo(feedWhole(stream));
    }

    @Property(tries = 50)
    void rfc6455_5_oneByteAtATimeGivesTheSameOutcomeAsFeedingWhole(@ForAll("streams") Stream stream) {
        assertThat(feedInChunks(stream, List.of(1))).isEqualTo(feedWhole(stream));
    }
}
