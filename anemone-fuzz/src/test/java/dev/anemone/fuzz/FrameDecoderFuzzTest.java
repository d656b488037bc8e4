package dev.anemone.fuzz;

import static dev.anemone.fuzz.FuzzInput.bytesOf;
import static dev.anemone.fuzz.FuzzInput.hex;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.FrameDecoder;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.Violation;
import dev.anemone.protocol.WebSocketEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fuzz target 1: the frame decoder, alone and inside the engine.
 *
 * <p>Flags (byte 0 of the input, see {@link FuzzInput}):
 * <ul>
 *   <li>bits 0-1: the receiving role: 0 SERVER, 1 CLIENT, 2 none (the decoder accepts either
 *       masking; the engine then plays SERVER), 3 SERVER</li>
 *   <li>bit 2: the decoder allows RSV1, as with an extension agreed</li>
 *   <li>bit 3: direct buffers; bit 4: little-endian buffers; bit 5: buffers at an offset in junk</li>
 *   <li>bits 6-7: the engine's message size limit: 16 MiB, 125, 1 or 1000 bytes</li>
 * </ul>
 *
 * <p>What must hold, for any input: nothing but {@link ProtocolException} comes out of the
 * decoder, and nothing at all out of the engine; the decoder reports exactly what an independent
 * reading of RFC 6455 section 5.2 finds (headers, unmasked payloads, the first violation); and
 * any chunking of the bytes gives the same events, failure and output as feeding them whole.
 */
class FrameDecoderFuzzTest {

    private static final long[] MESSAGE_LIMITS = {EngineConfig.DEFAULT_MAX_MESSAGE_SIZE, 125, 1, 1000};

    @FuzzTest(maxDuration = "10m")
    void frames(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        Role role = switch (in.flags & 3) {
            case 1 -> Role.CLIENT;
            case 2 -> null;
            default -> Role.SERVER;
        };
        int allowedRsv = in.flag(4) ? FrameHeader.RSV1 : 0;
        FuzzInput.Style style = new FuzzInput.Style(in.flag(8), in.flag(16), in.flag(32));

        // The decoder alone: whole, chunked, and as the RFC reads.
        DecoderRun whole = DecoderRun.feed(role, allowedRsv, List.of(in.data), FuzzInput.Style.PLAIN);
        DecoderRun chunked = DecoderRun.feed(role, allowedRsv, in.chunks(), style);
        Reference reference = Reference.decode(role, allowedRsv, in.data);
        check(whole.events.equals(reference.events), "decoder disagrees with the RFC reading",
                reference.events, whole.events, in.data);
        check(chunked.events.equals(whole.events), "chunked decoding differs from whole", whole.events, chunked.events,
                in.data);
        if (!reference.failed()) {
            check(whole.atBoundary == reference.atBoundary, "atFrameBoundary() wrong after the whole input",
                    reference.atBoundary, whole.atBoundary, in.data);
            check(chunked.atBoundary == reference.atBoundary, "atFrameBoundary() wrong after chunked input",
                    reference.atBoundary, chunked.atBoundary, in.data);
        }

        // The engine: the state machine's rules on top, whole and chunked.
        Role engineRole = role == null ? Role.SERVER : role;
        EngineConfig config = EngineConfig.defaults().withMaxMessageSize(MESSAGE_LIMITS[(in.flags >> 6) & 3]);
        EngineRun engineWhole = EngineRun.feed(engineRole, config, List.of(in.data), FuzzInput.Style.PLAIN);
        EngineRun engineChunked = EngineRun.feed(engineRole, config, in.chunks(), style);
        check(engineChunked.events.equals(engineWhole.events), "chunked engine input differs from whole",
                engineWhole.events, engineChunked.events, in.data);
    }

    static void check(boolean condition, String what, Object expected, Object actual, byte[] data) {
        if (!condition) {
            throw new AssertionError(what + "\n  input    " + hex(data) + "\n  expected " + expected
                    + "\n  actual   " + actual);
        }
    }

    /** The decoder fed some chunks, and what it reported, checking the handler contract on the way. */
    static final class DecoderRun implements FrameDecoder.Handler {
        final List<String> events = new ArrayList<>();
        private boolean inFrame;
        private boolean control;
        private long expected;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean atBoundary;

        static DecoderRun feed(Role role, int allowedRsv, List<byte[]> chunks, FuzzInput.Style style) {
            DecoderRun run = new DecoderRun();
            FrameDecoder decoder = new FrameDecoder(role, run);
            decoder.allowReservedBits(allowedRsv);
            try {
                for (byte[] chunk : chunks) {
                    ByteBuffer buffer = style.wrap(chunk);
                    int limit = buffer.limit();
                    decoder.decode(buffer);
                    if (buffer.position() != limit || buffer.limit() != limit) {
                        throw new AssertionError("decode() returned without consuming its input: position "
                                + buffer.position() + ", limit " + buffer.limit() + " of " + limit);
                    }
                }
            } catch (ProtocolException e) {
                run.events.add("fail " + e.violation());
                return run;
            }
            if (run.inFrame) {
                run.events.add("p " + hex(run.payload.toByteArray()));
            }
            run.atBoundary = decoder.atFrameBoundary();
            return run;
        }

        @Override
        public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength, boolean masked, int maskKey) {
            if (inFrame) {
                throw new AssertionError("a frame header before the previous frame's payload completed");
            }
            inFrame = true;
            control = Opcode.isControl(opcode);
            expected = payloadLength;
            payload.reset();
            events.add(header(fin, rsv, opcode, payloadLength, masked, masked ? maskKey : 0));
        }

        @Override
        public void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) {
            if (!inFrame) {
                throw new AssertionError("payload without a frame header");
            }
            if (from < 0 || from > to || to > buffer.limit()) {
                throw new AssertionError("payload range [" + from + ", " + to + ") outside the buffer's limit "
                        + buffer.limit());
            }
            payload.writeBytes(bytesOf(buffer, from, to));
            long received = payload.size();
            if (received > expected || frameComplete != (received == expected)) {
                throw new AssertionError("payload pieces add up to " + received + " of " + expected
                        + " bytes, frameComplete " + frameComplete);
            }
            if (control && !frameComplete) {
                throw new AssertionError("a control frame's payload came in pieces");
            }
            if (frameComplete) {
                events.add("P " + hex(payload.toByteArray()));
                inFrame = false;
            }
        }
    }

    static String header(boolean fin, int rsv, int opcode, long length, boolean masked, int key) {
        return "H fin=" + fin + " rsv=" + Integer.toHexString(rsv) + " op=" + opcode + " len=" + length
                + (masked ? " key=" + Integer.toHexString(key) : " unmasked");
    }

    /** RFC 6455 section 5.2 read plainly, over the whole input at once: the oracle for the decoder. */
    static final class Reference {
        final List<String> events = new ArrayList<>();
        boolean atBoundary = true;

        boolean failed() {
            return !events.isEmpty() && events.get(events.size() - 1).startsWith("fail ");
        }

        static Reference decode(Role role, int allowedRsv, byte[] data) {
            Reference ref = new Reference();
            int at = 0;
            while (at < data.length) {
                ref.atBoundary = false;
                if (data.length - at < 2) {
                    return ref;
                }
                int b0 = data[at] & 0xFF;
                int b1 = data[at + 1] & 0xFF;
                int length7 = b1 & 0x7F;
                boolean masked = (b1 & 0x80) != 0;
                int size = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
                if (data.length - at < size) {
                    return ref;
                }
                int cursor = at + 2;
                long length = length7;
                if (length7 == 126) {
                    length = ((data[cursor] & 0xFF) << 8) | (data[cursor + 1] & 0xFF);
                    cursor += 2;
                } else if (length7 == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | (data[cursor + i] & 0xFF);
                    }
                    cursor += 8;
                }
                byte[] key = new byte[4];
                if (masked) {
                    System.arraycopy(data, cursor, key, 0, 4);
                    cursor += 4;
                }
                boolean fin = (b0 & 0x80) != 0;
                int rsv = b0 & 0x70;
                int opcode = b0 & 0x0F;
                boolean isControl = opcode >= 8;
                Violation violation = null;
                if ((opcode >= 3 && opcode <= 7) || opcode >= 0xB) {
                    violation = Violation.RESERVED_OPCODE;
                } else if ((rsv & ~allowedRsv) != 0) {
                    violation = Violation.RESERVED_BITS;
                } else if (role == Role.SERVER && !masked) {
                    violation = Violation.UNMASKED_FRAME;
                } else if (role == Role.CLIENT && masked) {
                    violation = Violation.MASKED_FRAME;
                } else if (length < 0) {
                    violation = Violation.LENGTH_TOP_BIT;
                } else if (isControl && length > 125) {
                    violation = Violation.CONTROL_FRAME_TOO_LONG;
                } else if (isControl && !fin) {
                    violation = Violation.FRAGMENTED_CONTROL_FRAME;
                } else if (isControl && rsv != 0) {
                    violation = Violation.RESERVED_BITS;
                }
                if (violation != null) {
                    ref.events.add("fail " + violation);
                    return ref;
                }
                int keyInt = ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16) | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF);
                ref.events.add(header(fin, rsv, opcode, length, masked, keyInt));
                long available = data.length - cursor;
                if (available < length) {
                    if (isControl) {
                        ref.events.add("p ");
                    } else {
                        ref.events.add("p " + hex(unmask(data, cursor, (int) available, key)));
                    }
                    return ref;
                }
                ref.events.add("P " + hex(unmask(data, cursor, (int) length, key)));
                at = cursor + (int) length;
                ref.atBoundary = true;
            }
            return ref;
        }

        private static byte[] unmask(byte[] data, int from, int length, byte[] key) {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                out[i] = (byte) (data[from + i] ^ key[i & 3]);
            }
            return out;
        }
    }

    /** An engine fed some chunks: everything it reported and wrote, in order. */
    static final class EngineRun implements EngineListener, Outbound {
        final List<String> events = new ArrayList<>();
        private final EngineConfig config;
        private boolean failed;
        private int closedCount;

        private EngineRun(EngineConfig config) {
            this.config = config;
        }

        static EngineRun feed(Role role, EngineConfig config, List<byte[]> chunks, FuzzInput.Style style) {
            EngineRun run = new EngineRun(config);
            WebSocketEngine engine = new WebSocketEngine(role, config, run, run, new SplittableRandom(7));
            engine.open();
            for (byte[] chunk : chunks) {
                ByteBuffer buffer = style.wrap(chunk);
                int limit = buffer.limit();
                engine.receive(buffer);
                if (buffer.position() != limit) {
                    throw new AssertionError("receive() left " + (limit - buffer.position()) + " bytes unconsumed");
                }
            }
            run.events.add("state " + engine.readyState() + " inputClosed=" + engine.isInputClosed()
                    + " outputClosed=" + engine.isOutputClosed());
            engine.transportClosed();
            if (run.closedCount != 1) {
                throw new AssertionError("onClosed called " + run.closedCount + " times");
            }
            return run;
        }

        private void event(String event) {
            if (failed && !event.startsWith("closed") && !event.startsWith("closeTransport")) {
                throw new AssertionError("'" + event + "' after the connection failed");
            }
            events.add(event);
        }

        private void message(String kind, ByteBuffer data) {
            boolean isData = kind.equals("text") || kind.equals("binary");
            if (isData && data.remaining() > config.maxMessageSize()) {
                throw new AssertionError(kind + " message of " + data.remaining() + " bytes passed the limit of "
                        + config.maxMessageSize());
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            event(kind + " " + hex(bytes));
        }

        @Override
        public void onText(ByteBuffer utf8) {
            byte[] bytes = new byte[utf8.remaining()];
            utf8.duplicate().get(bytes);
            if (!isStrictUtf8(bytes)) {
                throw new AssertionError("onText with invalid UTF-8: " + hex(bytes));
            }
            message("text", utf8);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            message("binary", data);
        }

        @Override
        public void onPing(ByteBuffer payload) {
            if (payload.remaining() > 125) {
                throw new AssertionError("ping with " + payload.remaining() + " bytes");
            }
            message("ping", payload);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            message("pong", payload);
        }

        @Override
        public void onCloseFrame(int code, String reason) {
            if (code != CloseStatus.NO_STATUS_RECEIVED && !CloseStatus.isValidOnWire(code)) {
                throw new AssertionError("close frame with code " + code + " accepted");
            }
            event("close " + code + " " + reason);
        }

        @Override
        public void onFailure(ProtocolException failure) {
            event("fail " + failure.violation() + " " + failure.closeCode());
            failed = true;
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
            closedCount++;
            events.add("closed " + code + " " + reason + " " + wasClean);
        }

        @Override
        public void write(ByteBuffer header, ByteBuffer payload) {
            Objects.requireNonNull(header);
            byte[] h = new byte[header.remaining()];
            header.duplicate().get(h);
            byte[] p = new byte[payload.remaining()];
            payload.duplicate().get(p);
            events.add("write " + hex(h) + " " + hex(p));
        }

        @Override
        public void closeTransport() {
            events.add("closeTransport");
        }
    }

    static boolean isStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
