package dev.anemone.fuzz;

import static dev.anemone.fuzz.FuzzInput.hex;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.EngineListener;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.Masking;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.Outbound;
import dev.anemone.protocol.PerMessageDeflate;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.Violation;
import dev.anemone.protocol.WebSocketEngine;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz target 4: permessage-deflate (RFC 7692) on the receiving side of an engine, with a
 * message limit of 64 KiB.
 *
 * <p>{@link #inflate}: frames built from the input, RSV1 where the fuzzer says, carrying whatever
 * compressed (or not) payload it chose. Only {@link ProtocolException} (reported through
 * {@code onFailure}) may come of it: {@code receive} never throws, no message over the limit is
 * delivered, text is valid UTF-8, and the heap allocated stays proportional to the limit, not to
 * what the payload inflates to.
 *
 * <p>{@link #roundTrip}: a client and a server negotiate from options the fuzzer picks, exactly as
 * a real handshake does (offer, server's answer, client's confirmation); messages built from the
 * input (repeated up to 256 KiB, four times the limit, so some are bombs) are compressed by one engine's sender and
 * inflated by the other's receiver, in chunks. Each must arrive identical, or fail with 1009 when
 * over the limit.
 */
class DeflateFuzzTest {

    static final long LIMIT = 64 * 1024;
    private static final int MAX_MESSAGE = 256 * 1024;
    private static final String[] AGREEMENTS = {
        "permessage-deflate",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; client_max_window_bits=9; server_max_window_bits=8",
        "permessage-deflate; client_no_context_takeover"};
    private static final int[] OPCODES = {Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.PING};
    private static final int MASK_KEY = 0x37FA213D;
    private static final int[] FRAGMENT_SIZES = {0, 13, 1000, 4096};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Flags: bit 0 the receiver is a CLIENT (frames unmasked) rather than a SERVER; bits 1-2 the
     * agreement; bits 3-5 buffer style. Data: frames, each {@code [control][length][payload]},
     * control's bit 7 FIN, bit 6 RSV1, bits 0-1 the opcode (continuation, text, binary, ping).
     */
    @FuzzTest(maxDuration = "10m")
    void inflate(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        Role role = in.flag(1) ? Role.CLIENT : Role.SERVER;
        String agreement = AGREEMENTS[(in.flags >> 1) & 3];
        FuzzInput.Style style = new FuzzInput.Style(in.flag(8), in.flag(16), in.flag(32));
        byte[] wire = frames(in.data, role == Role.SERVER);

        Receiver whole = new Receiver(role, agreement);
        ByteBuffer all = ByteBuffer.wrap(wire.clone());
        long allocated = allocatedBytes();
        whole.engine.receive(all);
        allocated = allocatedBytes() - allocated;
        long bound = (whole.messages + 1) * 8 * LIMIT + 64L * wire.length + (1 << 20);
        if (allocated > bound) {
            // Loading (and, when fuzzing, instrumenting) a class or linking a call site the first time a path
            // runs allocates too: measure once more on a fresh engine, where that is done.
            Receiver again = new Receiver(role, agreement);
            all = ByteBuffer.wrap(wire.clone());
            allocated = allocatedBytes();
            again.engine.receive(all);
            allocated = allocatedBytes() - allocated;
            if (allocated > bound) {
                throw new AssertionError("receiving " + wire.length + " bytes allocated " + allocated
                        + " bytes (bound " + bound + ")\n  input " + hex(input));
            }
        }

        Receiver chunked = new Receiver(role, agreement);
        for (byte[] chunk : FuzzInput.split(wire, in.chunkSizes.length == 0 ? new int[] {1} : in.chunkSizes)) {
            chunked.engine.receive(style.wrap(chunk));
        }
        FrameDecoderFuzzTest.check(chunked.events.equals(whole.events), "chunked deflate input differs from whole",
                whole.events, chunked.events, input);
        whole.engine.transportClosed();
        chunked.engine.transportClosed();
    }

    /** The fuzzer's frames as a peer would send them: masked for a server to receive. */
    static byte[] frames(byte[] data, boolean masked) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int at = 0;
        while (at + 1 < data.length) {
            int control = data[at] & 0xFF;
            int length = Math.min(data[at + 1] & 0xFF, data.length - at - 2);
            byte[] payload = Arrays.copyOfRange(data, at + 2, at + 2 + length);
            at += 2 + length;
            int opcode = OPCODES[control & 3];
            boolean fin = (control & 0x80) != 0 || Opcode.isControl(opcode);
            int rsv = (control & 0x40) != 0 ? FrameHeader.RSV1 : 0;
            ByteBuffer frame = ByteBuffer.allocate(FrameHeader.MAX_SIZE + length);
            FrameHeader.write(frame, fin, rsv, opcode, length, masked, MASK_KEY);
            int start = frame.position();
            frame.put(payload);
            if (masked) {
                Masking.maskInPlace(frame, start, frame.position(), MASK_KEY, 0);
            }
            wire.write(frame.array(), 0, frame.position());
        }
        return wire.toByteArray();
    }

    /**
     * Flags: bit 0 the server sends and the client receives (else the other way); bit 1 the client
     * asks client_no_context_takeover, bit 2 server_no_context_takeover; bits 3-5 buffer style;
     * bit 6 compress everything (threshold 0) rather than from 256 bytes; bit 7 the server keeps
     * its context when allowed. Data: byte 0 window bits (bits 0-2 the client's, 3-5 the server's,
     * each 8 plus the value), bits 6-7 the sender's fragment size (none, 13, 1000, 4096); then
     * messages, each {@code [control][length][piece]}: the piece repeated {@code (control & 0x1F)^2 * 64}
     * times (once for 0), capped at 256 KiB, sent as text if control's bit 5 is set and it is UTF-8.
     */
    @FuzzTest(maxDuration = "10m")
    void roundTrip(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        if (in.data.length == 0) {
            return;
        }
        if (!roundTrip(in, input, false)) {
            // Over the memory bound: it may be the first run of some path loading classes (see inflate). Again.
            roundTrip(in, input, true);
        }
    }

    /** One round trip; false if the memory bound was passed and {@code strict} is off, when it throws instead. */
    private static boolean roundTrip(FuzzInput in, byte[] input, boolean strict) {
        boolean serverSends = in.flag(1);
        int threshold = in.flag(64) ? 0 : 256;
        int windows = in.data[0] & 0xFF;
        int clientBits = 8 + Math.min(7, windows & 7);
        int serverBits = 8 + Math.min(7, (windows >> 3) & 7);
        int fragmentSize = FRAGMENT_SIZES[(windows >> 6) & 3];
        FuzzInput.Style style = new FuzzInput.Style(in.flag(8), in.flag(16), in.flag(32));

        PerMessageDeflate clientDeflate = new PerMessageDeflate(DeflateOptions.defaults().withThreshold(threshold)
                .withNoContextTakeover(in.flag(4), in.flag(2)).withMaxWindowBits(serverBits, clientBits));
        PerMessageDeflate serverDeflate = new PerMessageDeflate(DeflateOptions.defaults().withThreshold(threshold)
                .withNoContextTakeover(!in.flag(128), false));
        List<String> offers = ExtensionNegotiation.clientOffers(List.<ExtensionNegotiator>of(clientDeflate));
        ExtensionNegotiation serverSide = ExtensionNegotiation.serverSide(offers, List.of(serverDeflate));
        ExtensionNegotiation clientSide;
        try {
            List<String> answers = serverSide.header() == null ? List.of()
                    : new HttpHeaders().add("Sec-WebSocket-Extensions", serverSide.header()).elements("Sec-WebSocket-Extensions");
            clientSide = ExtensionNegotiation.clientSide(answers, List.of(clientDeflate));
        } catch (HandshakeException e) {
            throw new AssertionError("the client refuses the server's answer to its own offer " + offers + ": "
                    + serverSide.header() + ": " + e.getMessage());
        }

        EngineConfig senderConfig = EngineConfig.defaults().withFragmentSize(fragmentSize);
        EngineConfig receiverConfig = EngineConfig.defaults().withMaxMessageSize(LIMIT);
        Receiver client = new Receiver(Role.CLIENT, serverSends ? receiverConfig : senderConfig, clientSide);
        Receiver server = new Receiver(Role.SERVER, serverSends ? senderConfig : receiverConfig, serverSide);
        Receiver sender = serverSends ? server : client;
        Receiver receiver = serverSends ? client : server;

        int at = 1;
        while (at + 1 < in.data.length) {
            int control = in.data[at] & 0xFF;
            int length = Math.min(in.data[at + 1] & 0xFF, in.data.length - at - 2);
            byte[] piece = Arrays.copyOfRange(in.data, at + 2, at + 2 + length);
            at += 2 + length;
            int repeat = (control & 0x1F) == 0 ? 1 : (control & 0x1F) * (control & 0x1F) * 64;
            byte[] message = repeat(piece, repeat);
            boolean text = (control & 0x20) != 0 && FrameDecoderFuzzTest.isStrictUtf8(message);

            if (text) {
                sender.engine.sendText(ByteBuffer.wrap(message));
            } else {
                sender.engine.sendBinary(ByteBuffer.wrap(message));
            }
            byte[] wire = sender.written.toByteArray();
            sender.written.reset();
            int before = receiver.events.size();
            List<ByteBuffer> buffers = new ArrayList<>();
            for (byte[] chunk : FuzzInput.split(wire, in.chunkSizes.length == 0 ? new int[] {4096} : in.chunkSizes)) {
                buffers.add(style.wrap(chunk));
            }
            long allocated = allocatedBytes();
            for (ByteBuffer buffer : buffers) {
                receiver.engine.receive(buffer);
            }
            allocated = allocatedBytes() - allocated;
            List<String> got = receiver.events.subList(before, receiver.events.size());
            if (message.length > LIMIT) {
                String tooBig = "fail " + Violation.MESSAGE_TOO_BIG.closeCode();
                FrameDecoderFuzzTest.check(got.equals(List.of(tooBig)), "a message over the limit", tooBig, got, input);
                if (allocated > 8 * LIMIT + 4L * wire.length + (1 << 20)) {
                    if (!strict) {
                        return false;
                    }
                    throw new AssertionError("refusing a " + message.length + "-byte message (" + wire.length
                            + " bytes compressed) allocated " + allocated + " bytes\n  input " + hex(input));
                }
                return true;
            }
            String expected = (text ? "text " : "binary ") + hex(message);
            FrameDecoderFuzzTest.check(got.size() == 1 && got.get(0).equals(expected), "round trip of a "
                    + message.length + "-byte message through '" + serverSide.header() + "'", abbreviate(expected),
                    abbreviate(got.toString()), input);
        }
        client.engine.transportClosed();
        server.engine.transportClosed();
        return true;
    }

    private static byte[] repeat(byte[] piece, int times) {
        if (piece.length == 0) {
            return piece;
        }
        int total = (int) Math.min((long) piece.length * times, MAX_MESSAGE);
        byte[] message = new byte[total];
        for (int i = 0; i < total; i += piece.length) {
            System.arraycopy(piece, 0, message, i, Math.min(piece.length, total - i));
        }
        return message;
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "... (" + s.length() + " chars)" : s;
    }

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** An engine with permessage-deflate agreed, recording what it delivers and writes. */
    static final class Receiver implements EngineListener, Outbound {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final WebSocketEngine engine;
        int messages;

        /** As the protocol module's own tests build one: the server's view of {@code agreement}. */
        Receiver(Role role, String agreement) {
            this(role, EngineConfig.defaults().withMaxMessageSize(LIMIT), ExtensionNegotiation.serverSide(List.of(agreement),
                    List.of(new PerMessageDeflate(DeflateOptions.defaults().withThreshold(0).withNoContextTakeover(false, false)))));
        }

        Receiver(Role role, EngineConfig config, ExtensionNegotiation negotiation) {
            engine = new WebSocketEngine(role, config, this, this, new SplittableRandom(3));
            engine.setMessageCodec(negotiation.newCodec(role));
            engine.open();
        }

        private void message(String kind, ByteBuffer data) {
            messages++;
            if (data.remaining() > LIMIT) {
                throw new AssertionError(kind + " message of " + data.remaining() + " bytes passed the 64 KiB limit");
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            events.add(kind + " " + hex(bytes));
        }

        @Override
        public void onText(ByteBuffer utf8) {
            byte[] bytes = new byte[utf8.remaining()];
            utf8.duplicate().get(bytes);
            if (!FrameDecoderFuzzTest.isStrictUtf8(bytes)) {
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
            message("ping", payload);
        }

        @Override
        public void onFailure(ProtocolException failure) {
            // The close code, not the violation: whether bad UTF-8 or bad DEFLATE data is seen first in a
            // message that has both can depend on the reads (the JDK's inflater drops what it inflated in a
            // call that then fails), and both are 1007.
            events.add("fail " + failure.closeCode());
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
        }

        @Override
        public void write(ByteBuffer header, ByteBuffer payload) {
            byte[] h = new byte[header.remaining()];
            header.duplicate().get(h);
            byte[] p = new byte[payload.remaining()];
            payload.duplicate().get(p);
            written.writeBytes(h);
            written.writeBytes(p);
        }

        @Override
        public void closeTransport() {
        }
    }
}
