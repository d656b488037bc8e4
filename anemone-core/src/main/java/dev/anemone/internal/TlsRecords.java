package dev.anemone.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a TLS transport needs to know of the record layer without decrypting (RFC 8446 section
 * 5.1, RFC 5246 section 6.2): each record starts with a content type, a version and a two-byte
 * length. Also the growable buffers in which a connection keeps bytes between calls.
 */
final class TlsRecords {

    static final int HEADER_SIZE = 5;
    private static final byte ALERT = 21;
    private static final byte HANDSHAKE = 22;
    private static final byte APPLICATION_DATA = 23;
    private static final byte[] PLAIN_HTTP_REFUSAL = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 47\r\nConnection: close\r\n\r\nThis port speaks TLS: use https:// or wss://.\n\n")
            .getBytes(StandardCharsets.US_ASCII);

    private TlsRecords() {
    }

    /** Whether {@code data} starts with a handshake record, as a client's first bytes must. */
    static boolean startsHandshake(ByteBuffer data) {
        return startsWith(data, HANDSHAKE);
    }

    /** Whether {@code data} starts with an application-data record (every record, once TLS 1.3 is under way). */
    static boolean startsApplicationData(ByteBuffer data) {
        return startsWith(data, APPLICATION_DATA);
    }

    /** Whether {@code data} starts with an alert record in the clear, as TLS 1.2 sends close_notify. */
    static boolean startsAlert(ByteBuffer data) {
        return startsWith(data, ALERT);
    }

    private static boolean startsWith(ByteBuffer data, byte type) {
        return data.hasRemaining() && data.get(data.position()) == type;
    }

    /**
     * Answers a client whose first bytes are no TLS handshake: a plain HTTP request (it starts with
     * a method, in capitals) gets a plain 400 saying what the port speaks, anything else is dropped.
     */
    static void refuseWithoutTls(SocketTransport socket, ByteBuffer data) {
        boolean looksLikeHttp = Character.isUpperCase(data.get(data.position()));
        data.position(data.limit());
        if (looksLikeHttp) {
            socket.write(SocketTransport.EMPTY, ByteBuffer.wrap(PLAIN_HTTP_REFUSAL), true);
            socket.closeLingering();
        } else {
            socket.close(null);
        }
    }

    /**
     * Moves from {@code data} into {@code records} (a buffer in read mode) what completes the
     * record cut in two at its end, as far as {@code data} goes; returns {@code records} or the
     * larger buffer that took its place.
     */
    static ByteBuffer completeLast(ByteBuffer records, ByteBuffer data) {
        ByteBuffer into = records;
        for (int n = Math.min(missingFromLast(into), data.remaining()); n > 0;
                n = Math.min(missingFromLast(into), data.remaining())) {
            into = append(into, data, n, 0);
        }
        return into;
    }

    /**
     * How many bytes the last record in {@code records} lacks: 0 when they end on a record
     * boundary, else what is missing of its header or, once that is whole, of its body.
     */
    static int missingFromLast(ByteBuffer records) {
        return missingFromLast(records, records.position(), records.limit());
    }

    /** {@link #missingFromLast(ByteBuffer)} of the records between {@code from} and {@code to}. */
    private static int missingFromLast(ByteBuffer records, int from, int to) {
        int at = from;
        while (at < to) {
            if (to - at < HEADER_SIZE) {
                return HEADER_SIZE - (to - at);
            }
            int length = ((records.get(at + 3) & 0xff) << 8) | (records.get(at + 4) & 0xff);
            at += HEADER_SIZE + length;
        }
        return at - to;
    }

    /**
     * Appends {@code length} bytes of records from {@code source} (which advances) to
     * {@code target}; see {@link #append}. A new buffer has room for the rest of the record
     * its bytes end in, so that a record cut in two by a read is completed in place.
     */
    static ByteBuffer appendRecords(ByteBuffer target, ByteBuffer source, int length) {
        int spare = target == null ? missingFromLast(source, source.position(), source.position() + length) : 0;
        return append(target, source, length, spare);
    }

    /**
     * Appends {@code length} bytes of {@code source} (which advances) to {@code target}, a buffer
     * in read mode or null, and returns it, or a larger one in its place; a new one has
     * {@code spare} bytes of room beyond them.
     */
    static ByteBuffer append(ByteBuffer target, ByteBuffer source, int length, int spare) {
        if (length == 0) {
            return target;
        }
        ByteBuffer into = target;
        if (into == null) {
            into = ByteBuffer.allocate(length + spare);
            into.limit(0);
        } else if (into.capacity() - into.limit() < length) {
            int needed = into.remaining() + length;
            if (needed <= into.capacity()) {
                into.compact().flip();
            } else {
                ByteBuffer larger = ByteBuffer.allocate(needed + spare);
                larger.put(into).flip();
                into = larger;
            }
        }
        int start = into.limit();
        into.limit(start + length);
        into.put(start, source, source.position(), length);
        source.position(source.position() + length);
        return into;
    }
}
