package dev.anemone.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Short names for the steps of a case: {@code text("Hello")}, {@code ping(bytes)}, {@code close(1000)}. */
final class Send {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    static final int RSV1 = 0x40;
    static final int RSV2 = 0x20;
    static final int RSV3 = 0x10;

    private Send() {
    }

    static List<Step> steps(Step... steps) {
        return List.of(steps);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Step.Frame frame(boolean fin, int opcode, byte[] payload) {
        return new Step.Frame(fin, 0, opcode, payload, 0, false);
    }

    static Step.Frame frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return new Step.Frame(fin, rsv, opcode, payload, 0, false);
    }

    static Step.Frame text(String text) {
        return frame(true, TEXT, utf8(text));
    }

    static Step.Frame text(byte[] utf8) {
        return frame(true, TEXT, utf8);
    }

    static Step.Frame binary(byte[] data) {
        return frame(true, BINARY, data);
    }

    static Step.Frame ping(byte[] payload) {
        return frame(true, PING, payload);
    }

    static Step.Frame ping(String payload) {
        return ping(utf8(payload));
    }

    static Step.Frame pong(byte[] payload) {
        return frame(true, PONG, payload);
    }

    /** A Close frame with a code and no reason. */
    static Step.Frame close(int code) {
        return close(code, new byte[0]);
    }

    static Step.Frame close(int code, byte[] reason) {
        ByteBuffer payload = ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason);
        return frame(true, CLOSE, payload.array());
    }

    /** A Close frame with exactly this payload (empty, one byte, too long...). */
    static Step.Frame closeRaw(byte[] payload) {
        return frame(true, CLOSE, payload);
    }

    /** The same frame written in flushed writes of {@code chunk} bytes. */
    static Step.Frame chopped(Step.Frame frame, int chunk) {
        return new Step.Frame(frame.fin(), frame.rsv(), frame.opcode(), frame.payload(), chunk, frame.wrongMask());
    }

    /** The same frame with the mask the peer's role must not use. */
    static Step.Frame wrongMask(Step.Frame frame) {
        return new Step.Frame(frame.fin(), frame.rsv(), frame.opcode(), frame.payload(), frame.chunk(), true);
    }

    /** The header and the first {@code sent} payload bytes of {@code frame}, then nothing. */
    static Step.Partial partial(Step.Frame frame, int sent) {
        return new Step.Partial(frame, sent);
    }

    static Step.Header header(boolean fin, int opcode, long length) {
        return new Step.Header(fin, 0, opcode, length);
    }

    /** The message in fragments of {@code size} bytes (one empty frame for an empty message). */
    static Step.Fragments fragments(int opcode, byte[] payload, int size) {
        return new Step.Fragments(opcode, payload, cutsEvery(payload.length, size), true, 0);
    }

    /** The message split into frames before each of {@code cuts}. */
    static Step.Fragments split(int opcode, byte[] payload, int... cuts) {
        return new Step.Fragments(opcode, payload, cuts.clone(), true, 0);
    }

    /** The message in fragments of {@code size} bytes, the last one without FIN: the message never ends. */
    static Step.Fragments unfinished(int opcode, byte[] payload, int size) {
        return new Step.Fragments(opcode, payload, cutsEvery(payload.length, size), false, 0);
    }

    /** The same fragments written in flushed writes of {@code chunk} bytes. */
    static Step.Fragments chopped(Step.Fragments fragments, int chunk) {
        return new Step.Fragments(fragments.opcode(), fragments.payload(), fragments.cuts(), fragments.finish(), chunk);
    }

    static Step.Compressed compressed(int opcode, byte[] message) {
        return new Step.Compressed(opcode, message, 1);
    }

    static Step.Compressed compressed(int opcode, byte[] message, int frames) {
        return new Step.Compressed(opcode, message, frames);
    }

    static int[] cutsEvery(int length, int size) {
        int count = length == 0 ? 0 : (length - 1) / size;
        int[] cuts = new int[count];
        for (int i = 0; i < count; i++) {
            cuts[i] = (i + 1) * size;
        }
        return cuts;
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
