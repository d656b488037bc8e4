package dev.anemone.cli;

import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.FrameDecoder;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.ProtocolException;
import dev.anemone.protocol.Utf8Validator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a run of frames with the protocol module's own {@link FrameDecoder} and describes each
 * one in words: header bits, masking key, payload (unmasked), close code and reason, and how
 * fragments add up to messages. Used by {@link DecodeCommand}; kept apart so it can be read (and
 * tested) without the command line around it.
 *
 * <p>The decoder is given role {@code null}, so masked and unmasked frames are both accepted: a
 * capture may hold either direction. RSV1 is allowed too, since permessage-deflate sets it on
 * every compressed message and a tool that refused those would be of little use on real traffic.
 */
final class FrameReport implements FrameDecoder.Handler {

    /** Payloads longer than this are printed as hex over several lines. */
    private static final int HEX_BYTES_PER_LINE = 32;

    /** One decoded frame; {@code offset} and {@code headerSize} locate it in the input. */
    record Frame(int number, int offset, int headerSize, boolean fin, int rsv, int opcode, long payloadLength,
                 boolean masked, int maskKey, byte[] payload) {

        /** Where the next frame starts. */
        int end() {
            return offset + headerSize + payload.length;
        }
    }

    /** Everything found in the input: the frames, what they describe, and what went wrong, if anything. */
    record Result(List<Frame> frames, List<String> lines, String problem) {
    }

    private final byte[] input;
    private final List<Frame> frames = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    /** The header of the frame being read, while its payload is still arriving. */
    private boolean inFrame;
    private boolean fin;
    private int rsv;
    private int opcode;
    private long payloadLength;
    private boolean masked;
    private int maskKey;
    private int frameStart;
    private int payloadStart = -1;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

    /** A fragmented message being put together, so the whole of it can be shown once it ends. */
    private int messageOpcode = -1;
    private int messageFrames;
    private boolean messageCompressed;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    private FrameReport(byte[] input) {
        this.input = input;
    }

    /** Decodes every frame in {@code bytes} and describes them. */
    static Result decode(byte[] bytes) {
        FrameReport report = new FrameReport(bytes);
        FrameDecoder decoder = new FrameDecoder(null, report);
        decoder.allowReservedBits(FrameHeader.RSV1);
        // The decoder unmasks in place; the copy keeps the caller's bytes as they were.
        ByteBuffer buffer = ByteBuffer.wrap(bytes.clone());
        String problem = null;
        try {
            decoder.decode(buffer);
            if (!decoder.atFrameBoundary()) {
                problem = report.describeIncomplete();
            }
        } catch (ProtocolException e) {
            problem = "frame " + (report.frames.size() + 1) + " at offset " + report.frameStart + ": " + e.getMessage()
                    + " (a peer would fail the connection with " + e.closeCode() + ")";
        }
        if (report.messageOpcode >= 0) {
            report.lines.add("note: the fragmented " + Opcode.name(report.messageOpcode)
                    + " message has no final frame yet (" + report.messageFrames + " frames so far)");
        }
        return new Result(List.copyOf(report.frames), List.copyOf(report.lines), problem);
    }

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength, boolean masked, int maskKey) {
        this.inFrame = true;
        this.fin = fin;
        this.rsv = rsv;
        this.opcode = opcode;
        this.payloadLength = payloadLength;
        this.masked = masked;
        this.maskKey = maskKey;
        this.payloadStart = -1;
        payload.reset();
    }

    @Override
    public void onPayload(ByteBuffer buffer, int from, int to, boolean frameComplete) {
        if (payloadStart < 0) {
            // The whole input is decoded in one call, so the first piece's index is the payload's offset.
            payloadStart = from;
        }
        for (int i = from; i < to; i++) {
            payload.write(buffer.get(i));
        }
        if (frameComplete) {
            Frame frame = new Frame(frames.size() + 1, frameStart, payloadStart - frameStart, fin, rsv, opcode,
                    payloadLength, masked, maskKey, payload.toByteArray());
            frames.add(frame);
            describe(frame);
            inFrame = false;
            frameStart = frame.end();
        }
    }

    private void describe(Frame frame) {
        lines.add("frame " + frame.number() + ": offset " + frame.offset() + ", " + (frame.headerSize() + frame.payload().length)
                + " bytes (" + frame.headerSize() + " header + " + frame.payload().length + " payload)");
        lines.add("  FIN=" + bit(frame.fin()) + " RSV1=" + bit((frame.rsv() & FrameHeader.RSV1) != 0)
                + " RSV2=" + bit((frame.rsv() & FrameHeader.RSV2) != 0) + " RSV3=" + bit((frame.rsv() & FrameHeader.RSV3) != 0)
                + " opcode=0x" + Integer.toHexString(frame.opcode()) + " " + Opcode.name(frame.opcode())
                + ((frame.rsv() & FrameHeader.RSV1) != 0 ? " (RSV1: compressed, if permessage-deflate was negotiated)" : ""));
        lines.add("  MASK=" + bit(frame.masked()) + (frame.masked() ? " masking key=" + Hex.format(frame.maskKey()) : ""));
        lines.add("  payload length=" + frame.payloadLength());
        if (frame.headerSize() > FrameHeader.size(frame.payloadLength(), frame.masked())) {
            lines.add("  note: the length takes more bytes than it needs; RFC 6455 section 5.2 asks for the shortest form");
        }
        if (frame.opcode() == Opcode.CLOSE) {
            describeClose(frame.payload());
        } else if (carriesCompressedData(frame)) {
            // Deflated bytes may happen to be valid UTF-8; shown as text they would only mislead.
            lines.addAll(hexLines("  payload", frame.payload()));
        } else {
            boolean partOfText = frame.opcode() == Opcode.TEXT
                    || (frame.opcode() == Opcode.CONTINUATION && messageOpcode == Opcode.TEXT);
            lines.addAll(payloadLines("  payload", frame.payload(), partOfText));
        }
        trackMessage(frame);
    }

    private void describeClose(byte[] body) {
        if (body.length == 0) {
            lines.add("  close code: none (reported as " + CloseStatus.NO_STATUS_RECEIVED + ", "
                    + CloseStatus.describe(CloseStatus.NO_STATUS_RECEIVED) + ")");
            return;
        }
        if (body.length == 1) {
            lines.add("  close payload of one byte (" + Hex.format(body) + "): invalid, a code takes two (RFC 6455 section 5.5.1)");
            return;
        }
        int code = (body[0] & 0xFF) << 8 | (body[1] & 0xFF);
        lines.add("  close code=" + code + " (" + CloseStatus.describe(code) + ")"
                + (CloseStatus.isValidOnWire(code) ? "" : " -- not allowed in a Close frame (RFC 6455 section 7.4)"));
        byte[] reason = new byte[body.length - 2];
        System.arraycopy(body, 2, reason, 0, reason.length);
        if (Utf8Validator.isValid(reason)) {
            lines.add("  close reason=" + quote(new String(reason, StandardCharsets.UTF_8)));
        } else {
            lines.add("  close reason is not valid UTF-8, hex=" + Hex.format(reason));
        }
    }

    /** Follows fragmentation (RFC 6455 section 5.4), so a message split over frames is also shown whole. */
    private void trackMessage(Frame frame) {
        int op = frame.opcode();
        if (Opcode.isControl(op)) {
            return;         // control frames may come between fragments and are not part of them
        }
        if (op != Opcode.CONTINUATION) {
            if (messageOpcode >= 0) {
                lines.add("  note: a new data frame inside an unfinished fragmented message (a peer would fail the connection)");
            }
            messageOpcode = frame.fin() ? -1 : op;
            messageCompressed = compressed(frame);
            messageFrames = 1;
            message.reset();
            message.writeBytes(frame.payload());
            return;
        }
        if (messageOpcode < 0) {
            lines.add("  note: a continuation frame with no fragmented message to continue (a peer would fail the connection)");
            return;
        }
        messageFrames++;
        message.writeBytes(frame.payload());
        if (frame.fin()) {
            lines.add("  ends a fragmented " + Opcode.name(messageOpcode) + " message of " + messageFrames + " frames:");
            lines.addAll(messageCompressed
                    ? hexLines("  message", message.toByteArray())
                    : payloadLines("  message", message.toByteArray(), messageOpcode == Opcode.TEXT));
            messageOpcode = -1;
        }
    }

    /**
     * A payload as text when it is valid UTF-8 (and either belongs to a text message or is
     * readable), as hex otherwise; a binary payload of zeros is valid UTF-8 but no one wants it as text.
     */
    private static List<String> payloadLines(String label, byte[] bytes, boolean partOfText) {
        if (bytes.length == 0) {
            return List.of(label + ": (empty)");
        }
        if (Utf8Validator.isValid(bytes)) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (partOfText || isReadable(text)) {
                return List.of(label + " (text): " + quote(text));
            }
        }
        return hexLines(label, bytes);
    }

    private static List<String> hexLines(String label, byte[] bytes) {
        if (bytes.length == 0) {
            return List.of(label + ": (empty)");
        }
        if (bytes.length <= HEX_BYTES_PER_LINE) {
            return List.of(label + " (hex): " + Hex.format(bytes));
        }
        List<String> hex = new ArrayList<>();
        hex.add(label + " (hex, " + bytes.length + " bytes):");
        for (int from = 0; from < bytes.length; from += HEX_BYTES_PER_LINE) {
            hex.add("    " + Hex.format(bytes, from, Math.min(bytes.length, from + HEX_BYTES_PER_LINE)));
        }
        return hex;
    }

    /** Whether the payload is deflated: RSV1 on a message's first frame covers its continuations too. */
    private boolean carriesCompressedData(Frame frame) {
        if (frame.opcode() == Opcode.CONTINUATION) {
            return messageOpcode >= 0 && messageCompressed;
        }
        return compressed(frame);
    }

    /** RSV1 on the first frame of a data message marks it compressed by permessage-deflate (RFC 7692). */
    private static boolean compressed(Frame frame) {
        return (frame.rsv() & FrameHeader.RSV1) != 0 && !Opcode.isControl(frame.opcode());
    }

    private static boolean isReadable(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }

    /** Text in double quotes, with control characters escaped so that every byte shows. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    /** What is missing from the frame the input stops in the middle of. */
    private String describeIncomplete() {
        int number = frames.size() + 1;
        int available = input.length - frameStart;
        String where = "frame " + number + " at offset " + frameStart + " is incomplete: ";
        if (available < 2) {
            return where + "a header takes at least 2 bytes, only " + available + " left";
        }
        int second = input[frameStart + 1] & 0xFF;
        int length7 = second & 0x7F;
        int headerSize = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((second & 0x80) != 0 ? 4 : 0);
        if (!inFrame) {
            return where + "its header takes " + headerSize + " bytes, only " + available + " left";
        }
        return where + Opcode.name(opcode) + " payload of " + payloadLength + " bytes, only "
                + (available - headerSize) + " present";
    }

    private static int bit(boolean set) {
        return set ? 1 : 0;
    }
}
