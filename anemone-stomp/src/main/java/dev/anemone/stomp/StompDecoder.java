package dev.anemone.stomp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A resumable STOMP frame decoder: feed it bytes as they come (a WebSocket message may hold part
 * of a frame, one frame or several), and it hands out each whole frame. End-of-lines between
 * frames are heart-beats and are skipped. Lines end with LF or CRLF. The body ends at
 * {@code content-length} bytes, which must be followed by NUL, or else at the first NUL. Header
 * values are unescaped from version 1.1 on, except in CONNECT and CONNECTED. Not thread-safe:
 * one decoder per connection.
 *
 * <p>Once it has thrown a {@link StompException} the decoder is broken; the connection should
 * send ERROR and close.
 */
public final class StompDecoder {

    private enum State { COMMAND, HEADERS, BODY, NUL }

    private final StompLimits limits;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private StompVersion version;
    private State state = State.COMMAND;
    private byte[] line = new byte[128];
    private int lineLength;
    private StompCommand command;
    private List<Map.Entry<String, String>> headers;
    private int frameBytes;
    private int contentLength;
    private byte[] body;
    private int bodyLength;
    private long heartBeats;

    /** A decoder with {@code limits}, which reads header values unescaped until {@link #version} is set. */
    public StompDecoder(StompLimits limits) {
        this.limits = limits;
    }

    /** Sets the version agreed on, which decides whether header values are escaped (null: not). */
    public void version(StompVersion value) {
        version = value;
    }

    /** The version set, or null. */
    public StompVersion version() {
        return version;
    }

    /**
     * Decodes {@code input}'s remaining bytes, passing each whole frame to {@code frames}; an
     * unfinished frame is kept for the next call. Consumes the whole buffer.
     *
     * @throws StompException when the bytes break STOMP or pass a limit
     */
    public void decode(ByteBuffer input, Consumer<StompFrame> frames) {
        while (input.hasRemaining()) {
            switch (state) {
                case COMMAND, HEADERS -> readLine(input, frames);
                case BODY -> readBody(input, frames);
                case NUL -> {
                    if (input.get() != 0) {
                        throw new StompException("frame not terminated by NUL after content-length bytes");
                    }
                    emit(frames);
                }
            }
        }
    }

    /** How many end-of-lines came between frames so far: heart-beats, which a relay passes on. */
    public long heartBeats() {
        return heartBeats;
    }

    /** Whether a frame is partly read. */
    public boolean inFrame() {
        return state != State.COMMAND || lineLength > 0;
    }

    private void readLine(ByteBuffer input, Consumer<StompFrame> frames) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b != '\n') {
                if (lineLength == limits.maxHeaderSize()) {
                    throw new StompException(state == State.COMMAND ? "command line too long"
                            : "header line longer than " + limits.maxHeaderSize() + " bytes");
                }
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxHeaderSize()));
                }
                line[lineLength++] = b;
                continue;
            }
            int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
            int read = lineLength + 1;
            lineLength = 0;
            if (state == State.COMMAND) {
                if (length > 0) {
                    startFrame(length, read);
                } else {
                    heartBeats++;
                }
                return;
            }
            countBytes(read);
            if (length == 0) {
                endHeaders(frames);
            } else {
                addHeader(length);
            }
            return;
        }
    }

    private void startFrame(int length, int read) {
        String name = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        command = StompCommand.named(name);
        if (command == null) {
            throw new StompException("unknown command '" + printable(name) + "'");
        }
        headers = new ArrayList<>();
        frameBytes = 0;
        countBytes(read);
        state = State.HEADERS;
    }

    private void addHeader(int length) {
        if (headers.size() == limits.maxHeaders()) {
            throw new StompException("more than " + limits.maxHeaders() + " headers");
        }
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new StompException("header line without ':'");
        }
        boolean escaped = version != null && version.escapes() && !command.rawHeaders();
        String name = text(0, colon, escaped);
        String value = text(colon + 1, length, escaped);
        headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    }

    private String text(int from, int to, boolean escaped) {
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new StompException("header not valid UTF-8");
        }
        return escaped ? unescape(text) : text;
    }

    private static String unescape(String text) {
        int slash = text.indexOf('\\');
        if (slash < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, slash);
        for (int i = slash; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new StompException("header ends in an unfinished escape");
            }
            switch (text.charAt(i)) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'c' -> out.append(':');
                case '\\' -> out.append('\\');
                default -> throw new StompException("undefined escape sequence \\" + printable(String.valueOf(text.charAt(i))));
            }
        }
        return out.toString();
    }

    private void endHeaders(Consumer<StompFrame> frames) {
        String declared = null;
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals("content-length")) {
                declared = header.getValue();
                break;
            }
        }
        contentLength = -1;
        if (declared != null) {
            try {
                contentLength = Integer.parseInt(declared.trim());
            } catch (NumberFormatException e) {
                throw new StompException("content-length is not a number");
            }
            if (contentLength < 0) {
                throw new StompException("content-length is negative");
            }
            if ((long) frameBytes + contentLength > limits.maxFrameSize()) {
                throw tooLarge();
            }
        }
        body = new byte[contentLength >= 0 ? contentLength : 64];
        bodyLength = 0;
        state = contentLength == 0 ? State.NUL : State.BODY;
    }

    private void readBody(ByteBuffer input, Consumer<StompFrame> frames) {
        if (contentLength >= 0) {
            int n = Math.min(input.remaining(), contentLength - bodyLength);
            input.get(body, bodyLength, n);
            bodyLength += n;
            if (bodyLength == contentLength) {
                state = State.NUL;
            }
            return;
        }
        int start = input.position();
        int end = start;
        int limit = input.limit();
        while (end < limit && input.get(end) != 0) {
            end++;
        }
        int n = end - start;
        if ((long) frameBytes + bodyLength + n > limits.maxFrameSize()) {
            throw tooLarge();
        }
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
        }
        input.get(body, bodyLength, n);
        bodyLength += n;
        if (end < limit) {
            input.get();
            emit(frames);
        }
    }

    private void emit(Consumer<StompFrame> frames) {
        byte[] whole = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        StompFrame frame = new StompFrame(command, StompHeaders.ofEntries(headers), whole);
        state = State.COMMAND;
        command = null;
        headers = null;
        body = null;
        frames.accept(frame);
    }

    private void countBytes(int n) {
        frameBytes += n;
        if (frameBytes > limits.maxFrameSize()) {
            throw tooLarge();
        }
    }

    private StompException tooLarge() {
        return new StompException("frame larger than " + limits.maxFrameSize() + " bytes");
    }

    private static String printable(String text) {
        String cut = text.length() > 32 ? text.substring(0, 32) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (char c : cut.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
