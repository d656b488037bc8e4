package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an HTTP/1.1 head (RFC 9112) incrementally: feed it bytes in chunks of any size, down to
 * one byte at a time, until {@link #feed} says the head is complete. Bytes after the head stay in
 * the buffer, since a client may send frames right behind its request and a server right behind
 * its 101.
 *
 * <p>Every byte is looked at once, and the limits are checked as bytes arrive, so an endless head
 * is refused as soon as it passes them: with 414 (URI Too Long) when the start line itself has not
 * ended by then, with 431 otherwise. Lines may end in CRLF or a bare LF. Obsolete line folding,
 * control characters, and whitespace before a field's colon are refused with 400.
 */
public final class HttpHeadParser {

    private final HeadLimits limits;
    private byte[] head = new byte[256];
    private int length;
    /** Where the start line begins: after any blank lines that preceded it, which still count towards the limit. */
    private int headStart;
    private int lineStart;
    /** Whether a byte other than CR has arrived since headStart, so that the line being read is the start line. */
    private boolean startLineBegun;
    private int headerLines;
    private boolean complete;

    /** A parser that enforces {@code limits}. */
    public HttpHeadParser(HeadLimits limits) {
        this.limits = limits;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the head.
     *
     * @return true once the head is complete; the bytes after it are left in {@code in}
     * @throws HandshakeException once the head passes its limits: 414 when the start line has not
     *     ended by the byte limit (RFC 9110 section 15.5.15), 431 for the head's fields (RFC 6585)
     */
    public boolean feed(ByteBuffer in) throws HandshakeException {
        while (!complete && in.hasRemaining()) {
            byte b = in.get();
            if (length == limits.maxBytes()) {
                if (startLineBegun && lineStart == headStart) {
                    throw new HandshakeException(414, "Request line longer than " + limits.maxBytes() + " bytes");
                }
                throw new HandshakeException(431, "Request head larger than " + limits.maxBytes() + " bytes");
            }
            if (b != '\r' && b != '\n') {
                startLineBegun = true;
            }
            if (length == head.length) {
                head = Arrays.copyOf(head, Math.min(head.length * 2, limits.maxBytes()));
            }
            head[length++] = b;
            if (b == '\n') {
                endLine();
            }
        }
        return complete;
    }

    /**
     * Forgets the head read so far, to read the next one on the same connection (a keep-alive
     * connection's next request).
     */
    public void reset() {
        length = 0;
        headStart = 0;
        lineStart = 0;
        startLineBegun = false;
        headerLines = 0;
        complete = false;
    }

    /** Bytes consumed so far. */
    public int size() {
        return length;
    }

    private void endLine() throws HandshakeException {
        int contentEnd = length - 1;
        if (contentEnd > lineStart && head[contentEnd - 1] == '\r') {
            contentEnd--;
        }
        if (contentEnd == lineStart) {
            if (lineStart == headStart) {
                // Leading blank lines before a request line may be ignored (RFC 9112 section 2.2), but
                // they are bytes the peer sent: they count towards the limit, or endless CRLFs would pass.
                headStart = length;
                lineStart = length;
                return;
            }
            complete = true;
            return;
        }
        if (lineStart > headStart && ++headerLines > limits.maxHeaderLines()) {
            throw new HandshakeException(431, "More than " + limits.maxHeaderLines() + " header lines");
        }
        lineStart = length;
    }

    /**
     * The complete head as a request.
     *
     * @throws HandshakeException with 400 for a malformed head (a version that is not
     *     {@code HTTP/<digit>.<digit>} included), 505 for a major version other than 1
     */
    public HttpRequestHead request() throws HandshakeException {
        String[] lines = lines();
        String[] parts = splitStartLine(lines[0]);
        if (!HttpHeaders.isToken(parts[0]) || parts[1].isEmpty() || !HttpVersion.isWellFormed(parts[2])) {
            throw new HandshakeException(400, "Malformed request line");
        }
        if (HttpVersion.major(parts[2]) != 1) {
            // RFC 9110 section 15.6.6: this server speaks HTTP/1.x only, whatever follows.
            throw new HandshakeException(505, "Only HTTP/1.x is supported, not " + parts[2]);
        }
        return new HttpRequestHead(parts[0], parts[1], parts[2], fields(lines));
    }

    /**
     * The complete head as a response.
     *
     * @throws HandshakeException with status 0 for a malformed head
     */
    public HttpResponseHead response() throws HandshakeException {
        String[] lines = lines();
        String line = lines[0];
        int firstSpace = line.indexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
        String version = firstSpace < 0 ? line : line.substring(0, firstSpace);
        String code = firstSpace < 0 ? "" : line.substring(firstSpace + 1, secondSpace < 0 ? line.length() : secondSpace);
        if (!HttpVersion.isWellFormed(version) || code.length() != 3 || !isDigits(code)) {
            throw new HandshakeException(0, "Malformed status line: " + printable(line));
        }
        String reason = secondSpace < 0 ? "" : line.substring(secondSpace + 1);
        try {
            return new HttpResponseHead(version, Integer.parseInt(code), reason, fields(lines));
        } catch (HandshakeException e) {
            throw new HandshakeException(0, e.getMessage());
        }
    }

    private String[] lines() {
        if (!complete) {
            throw new IllegalStateException("the head is not complete");
        }
        String text = new String(head, headStart, length - headStart, StandardCharsets.ISO_8859_1);
        String[] lines = new String[headerLines + 1];
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            int end = text.indexOf('\n', start);
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines[i] = text.substring(start, contentEnd);
            start = end + 1;
        }
        return lines;
    }

    private static String[] splitStartLine(String line) throws HandshakeException {
        int first = line.indexOf(' ');
        int last = line.lastIndexOf(' ');
        if (first <= 0 || last == first) {
            throw new HandshakeException(400, "Malformed request line");
        }
        return new String[] {line.substring(0, first), line.substring(first + 1, last), line.substring(last + 1)};
    }

    private static HttpHeaders fields(String[] lines) throws HandshakeException {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new HandshakeException(400, "Obsolete line folding in header line " + i);
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HandshakeException(400, "Header line " + i + " has no name");
            }
            String name = line.substring(0, colon);
            if (!HttpHeaders.isToken(name)) {
                throw new HandshakeException(400, "Bad header name: " + printable(name));
            }
            String value = line.substring(colon + 1).strip();
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
                    throw new HandshakeException(400, "Control character in header " + name);
                }
            }
            headers.add(name, value);
        }
        return headers;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String shortened = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder out = new StringBuilder();
        for (char c : shortened.toCharArray()) {
            out.append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        return out.toString();
    }
}
