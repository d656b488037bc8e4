package dev.anemone.conformance;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the system under test sends, as the peer sees it: frames checked against the rules a
 * sender must follow (masking for its role, no stray reserved bits or opcodes, control frames
 * whole and short, fragments in order, text valid UTF-8), data frames assembled into messages
 * and inflated when they were compressed. A broken rule fails the case at once.
 */
final class Inbox {

    sealed interface Item {
        /** A whole message, with the payload size of each of its frames. */
        record Message(int opcode, byte[] data, boolean compressed, List<Integer> frameSizes, long nanos) implements Item {
        }

        /** A Close, Ping or Pong frame. */
        record Control(int opcode, byte[] payload, long nanos) implements Item {
            int closeCode() {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : Expectation.EMPTY;
            }
        }

        /** The connection ended. */
        record End(String how, long nanos) implements Item {
        }
    }

    private final RawPeer peer;
    private final boolean sutMasks;
    private int messageOpcode = -1;
    private boolean compressed;
    private ByteArrayOutputStream assembled;
    private List<Integer> frameSizes;

    Inbox(RawPeer peer) {
        this.peer = peer;
        this.sutMasks = !peer.isClient();
    }

    /** The next item, or null if none came within {@code timeout}. */
    Item next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RawPeer.Event event = peer.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (event == null) {
                return null;
            }
            if (event instanceof RawPeer.Event.Eof eof) {
                return new Item.End(eof.how(), eof.nanos());
            }
            Item item = accept((RawPeer.Event.Frame) event);
            if (item != null) {
                return item;
            }
        }
    }

    private Item accept(RawPeer.Event.Frame frame) {
        String what = "the system under test sent " + describe(frame) + ": ";
        if (frame.masked() != sutMasks) {
            throw new AssertionError(what + (sutMasks ? "a client must mask every frame" : "a server must not mask"));
        }
        int opcode = frame.opcode();
        if ((opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB) {
            throw new AssertionError(what + "reserved opcode");
        }
        if (opcode >= 0x8) {
            if (!frame.fin() || frame.payload().length > 125 || frame.rsv() != 0) {
                throw new AssertionError(what + "a control frame is unfragmented, at most 125 bytes, without RSV bits");
            }
            return new Item.Control(opcode, frame.payload(), frame.nanos());
        }
        boolean first = opcode != 0;
        int allowedRsv = first && peer.compression() != null ? Send.RSV1 : 0;
        if ((frame.rsv() & ~allowedRsv) != 0) {
            throw new AssertionError(what + "reserved bits not agreed (RSV1 only on a compressed message's first frame)");
        }
        if (first && messageOpcode >= 0) {
            throw new AssertionError(what + "a new message inside a fragmented one");
        }
        if (!first && messageOpcode < 0) {
            throw new AssertionError(what + "a continuation with nothing to continue");
        }
        if (first) {
            messageOpcode = opcode;
            compressed = frame.rsv() != 0;
            assembled = new ByteArrayOutputStream(frame.payload().length);
            frameSizes = new ArrayList<>();
        }
        assembled.write(frame.payload(), 0, frame.payload().length);
        frameSizes.add(frame.payload().length);
        if (!frame.fin()) {
            return null;
        }
        byte[] data = compressed ? peer.compression().decompress(assembled.toByteArray()) : assembled.toByteArray();
        if (messageOpcode == Send.TEXT && Utf8Reference.firstError(data) != Utf8Reference.VALID) {
            throw new AssertionError("the system under test sent a text message that is not UTF-8: " + hex(data));
        }
        Item.Message message = new Item.Message(messageOpcode, data, compressed, List.copyOf(frameSizes), frame.nanos());
        messageOpcode = -1;
        assembled = null;
        return message;
    }

    static String describe(RawPeer.Event.Frame frame) {
        return String.format("a frame fin=%s rsv=%x opcode=%x masked=%s length=%d", frame.fin(), frame.rsv() >> 4,
                frame.opcode(), frame.masked(), frame.payload().length);
    }

    /** A short account of an item for failure messages. */
    static String describe(Item item) {
        if (item == null) {
            return "nothing";
        }
        if (item instanceof Item.End end) {
            return "end of connection (" + end.how() + ")";
        }
        if (item instanceof Item.Control control) {
            return switch (control.opcode()) {
                case Send.CLOSE -> "Close " + (control.closeCode() == Expectation.EMPTY ? "(empty)"
                        : control.closeCode() + " '" + new String(control.payload(), 2, control.payload().length - 2,
                        java.nio.charset.StandardCharsets.UTF_8) + "'");
                case Send.PING -> "Ping " + hex(control.payload());
                default -> "Pong " + hex(control.payload());
            };
        }
        Item.Message message = (Item.Message) item;
        return (message.opcode() == Send.TEXT ? "text" : "binary") + " message of " + message.data().length
                + " bytes in " + message.frameSizes().size() + " frame(s)" + (message.compressed() ? ", compressed" : "")
                + (message.data().length <= 32 ? ": " + hex(message.data()) : "");
    }

    static String hex(byte[] bytes) {
        String all = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 24));
        return bytes.length > 24 ? all + " … (" + bytes.length + " bytes)" : "[" + all + "]";
    }
}
