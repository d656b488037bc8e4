package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Finds where a request's body ends and hands out its bytes (RFC 9112 section 6): a body of
 * {@code Content-Length} bytes, or a chunked one decoded as it arrives, in any chunking of the
 * input down to one byte at a time. What follows the body (a pipelined request) stays in the input.
 *
 * <p>Bounded: a declared length or a chunk that would take the body past its limit is refused with
 * 413 before its bytes are read; a chunk-size line (extensions included) longer than
 * {@link #MAX_CHUNK_LINE} bytes gets 400, trailer fields past their limit 431. Framing that could
 * be read two ways (both {@code Content-Length} and {@code Transfer-Encoding}, lengths that
 * disagree, a bare LF inside chunk framing) is refused with 400 rather than guessed at, since a
 * proxy in front might have guessed the other way (request smuggling).
 */
public final class BodyDecoder {

    /** The longest chunk-size line accepted, extensions included. */
    public static final int MAX_CHUNK_LINE = 4096;

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private enum State { FIXED, SIZE, SIZE_SPACE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, END_LF, DONE }

    private final long maxBytes;
    private final int maxTrailerBytes;
    private final long contentLength;
    private State state;
    /** Bytes left of the fixed-length body or of the chunk being read. */
    private long remaining;
    /** Body bytes announced by chunk sizes so far. */
    private long announced;
    private long chunkSize;
    private int sizeDigits;
    private int lineLength;
    private int trailerBytes;

    private BodyDecoder(long contentLength, long maxBytes, int maxTrailerBytes) {
        this.contentLength = contentLength;
        this.maxBytes = maxBytes;
        this.maxTrailerBytes = maxTrailerBytes;
        if (contentLength < 0) {
            state = State.SIZE;
        } else {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED;
        }
    }

    /**
     * The decoder for the body of {@code head}, which has none (a complete decoder) unless it
     * carries {@code Content-Length} or {@code Transfer-Encoding}.
     *
     * @param maxBytes the largest body accepted
     * @param maxTrailerBytes the most bytes of trailer fields after a chunked body
     * @throws HandshakeException 413 for a declared length over {@code maxBytes}; 400 for both
     *     framing headers, a malformed or contradictory {@code Content-Length}, a transfer coding
     *     list not ending in {@code chunked}, or {@code Transfer-Encoding} in an HTTP/1.0 request;
     *     501 for a transfer coding other than chunked
     */
    public static BodyDecoder forRequest(HttpRequestHead head, long maxBytes, int maxTrailerBytes)
            throws HandshakeException {
        HttpHeaders headers = head.headers();
        boolean hasLength = headers.count("Content-Length") > 0;
        if (headers.count("Transfer-Encoding") > 0) {
            if (hasLength) {
                throw new HandshakeException(400, "Both Content-Length and Transfer-Encoding: the body's end is ambiguous");
            }
            checkTransferCodings(head);
            return new BodyDecoder(-1, maxBytes, maxTrailerBytes);
        }
        long length = hasLength ? contentLength(headers) : 0;
        if (length > maxBytes) {
            throw new HandshakeException(413, "Request body larger than " + maxBytes + " bytes");
        }
        return new BodyDecoder(length, maxBytes, maxTrailerBytes);
    }

    private static void checkTransferCodings(HttpRequestHead head) throws HandshakeException {
        if (head.majorVersion() == 1 && head.minorVersion() == 0) {
            // RFC 9112 section 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            throw new HandshakeException(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        List<String> codings = head.headers().elements("Transfer-Encoding");
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equalsIgnoreCase("chunked")) {
            throw new HandshakeException(400, "A request's last transfer coding must be chunked");
        }
        for (int i = 0; i < codings.size() - 1; i++) {
            if (codings.get(i).equalsIgnoreCase("chunked")) {
                throw new HandshakeException(400, "chunked applied more than once");
            }
            throw new HandshakeException(501, "Transfer coding not supported: " + codings.get(i));
        }
    }

    /** Every Content-Length element must be the same run of digits (RFC 9112 section 6.3). */
    private static long contentLength(HttpHeaders headers) throws HandshakeException {
        String agreed = null;
        for (String element : headers.elements("Content-Length")) {
            if (!isDigits(element) || (agreed != null && !agreed.equals(element))) {
                throw new HandshakeException(400, "Bad Content-Length");
            }
            agreed = element;
        }
        if (agreed == null) {
            throw new HandshakeException(400, "Bad Content-Length");
        }
        String digits = agreed.replaceFirst("^0+(?=.)", "");
        // Longer than 18 digits is more than any limit can allow; say so rather than overflow.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether the body is chunked, its length unknown until its end. */
    public boolean isChunked() {
        return contentLength < 0;
    }

    /** The declared length, or -1 for a chunked body. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the whole body, trailer included, has been read. */
    public boolean isComplete() {
        return state == State.DONE;
    }

    /**
     * Consumes bytes of {@code in} and returns the next piece of body they hold: a view of
     * {@code in}, not a copy, and empty when they held only framing or nothing more is expected.
     * Call it again while {@code in} has bytes and the body is not complete; bytes after the
     * body's end are never consumed.
     *
     * @throws HandshakeException 413 for a chunk that takes the body past its limit, 400 for
     *     malformed chunk framing, 431 for trailer fields past their limit
     */
    public ByteBuffer read(ByteBuffer in) throws HandshakeException {
        while (in.hasRemaining()) {
            if (state == State.DONE) {
                return NOTHING;
            }
            if (state == State.FIXED || state == State.DATA) {
                int n = (int) Math.min(remaining, in.remaining());
                ByteBuffer piece = in.slice(in.position(), n);
                in.position(in.position() + n);
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.FIXED ? State.DONE : State.DATA_CR;
                }
                return piece;
            }
            framing(in.get());
        }
        return NOTHING;
    }

    private void framing(byte b) throws HandshakeException {
        switch (state) {
            case SIZE -> size(b);
            case SIZE_SPACE -> {
                if (b == ';') {
                    state = State.EXTENSION;
                } else if (b == '\r') {
                    state = State.SIZE_LF;
                } else if (b != ' ' && b != '\t') {
                    throw malformed("bad chunk-size line");
                }
                countLine();
            }
            case EXTENSION -> {
                if (b == '\r') {
                    state = State.SIZE_LF;
                } else if (b == '\n' || (b < 0x20 && b != '\t') || b == 0x7F) {
                    throw malformed("control character in a chunk extension");
                }
                countLine();
            }
            case SIZE_LF -> {
                expect(b, '\n');
                endSizeLine();
            }
            case DATA_CR -> {
                expect(b, '\r');
                state = State.DATA_LF;
            }
            case DATA_LF -> {
                expect(b, '\n');
                state = State.SIZE;
            }
            case TRAILER -> trailer(b);
            case TRAILER_LF -> {
                expect(b, '\n');
                lineLength = 0;
                state = State.TRAILER;
            }
            case END_LF -> {
                expect(b, '\n');
                state = State.DONE;
            }
            default -> throw new IllegalStateException("no framing in state " + state);
        }
    }

    private void size(byte b) throws HandshakeException {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            if (chunkSize > (maxBytes - announced) >> 4) {
                throw tooLarge();
            }
            chunkSize = (chunkSize << 4) | digit;
            sizeDigits++;
            if (chunkSize > maxBytes - announced) {
                throw tooLarge();
            }
            countLine();
            return;
        }
        if (sizeDigits == 0) {
            throw malformed("chunk size expected");
        }
        if (b == ';') {
            state = State.EXTENSION;
        } else if (b == ' ' || b == '\t') {
            state = State.SIZE_SPACE;
        } else if (b == '\r') {
            state = State.SIZE_LF;
        } else {
            throw malformed("bad chunk size");
        }
        countLine();
    }

    private void endSizeLine() {
        lineLength = 0;
        sizeDigits = 0;
        if (chunkSize == 0) {
            state = State.TRAILER;
            return;
        }
        announced += chunkSize;
        remaining = chunkSize;
        chunkSize = 0;
        state = State.DATA;
    }

    private void trailer(byte b) throws HandshakeException {
        if (b == '\r') {
            state = lineLength == 0 ? State.END_LF : State.TRAILER_LF;
            return;
        }
        if (b == '\n') {
            throw malformed("bare LF in the trailer section");
        }
        lineLength++;
        if (++trailerBytes > maxTrailerBytes) {
            throw new HandshakeException(431, "Trailer fields larger than " + maxTrailerBytes + " bytes");
        }
    }

    private void countLine() throws HandshakeException {
        if (++lineLength > MAX_CHUNK_LINE) {
            throw malformed("chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
        }
    }

    private static void expect(byte b, char wanted) throws HandshakeException {
        if (b != wanted) {
            throw malformed(wanted == '\n' ? "CR without LF in chunk framing" : "chunk data longer than its size");
        }
    }

    private HandshakeException tooLarge() {
        return new HandshakeException(413, "Request body larger than " + maxBytes + " bytes");
    }

    private static HandshakeException malformed(String what) {
        return new HandshakeException(400, "Malformed chunked body: " + what);
    }
}
