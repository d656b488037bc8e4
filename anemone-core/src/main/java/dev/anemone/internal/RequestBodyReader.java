package dev.anemone.internal;

import dev.anemone.protocol.BodyDecoder;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpRequestHead;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects a request's body as it arrives, within the limit its {@link BodyDecoder} enforces: a
 * declared length is allocated once, a chunked body grows as its chunks come.
 */
final class RequestBodyReader {

    private final HttpRequestHead head;
    private final BodyDecoder decoder;
    private final boolean webSocketPath;
    private byte[] bytes;
    private int length;

    RequestBodyReader(HttpRequestHead head, BodyDecoder decoder, boolean webSocketPath) {
        this.head = head;
        this.decoder = decoder;
        this.webSocketPath = webSocketPath;
        this.bytes = new byte[decoder.isChunked() ? 1024 : (int) decoder.contentLength()];
    }

    /**
     * Takes the body's bytes from {@code in}, leaving whatever follows the body.
     *
     * @return whether the body is complete
     * @throws HandshakeException with the status to answer, for a body past its limit or badly framed
     */
    boolean feed(ByteBuffer in) throws HandshakeException {
        while (in.hasRemaining() && !decoder.isComplete()) {
            ByteBuffer piece = decoder.read(in);
            int n = piece.remaining();
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(length + n, 2L * bytes.length)));
            }
            piece.get(bytes, length, n);
            length += n;
        }
        return decoder.isComplete();
    }

    /** Whether the whole body is read (at once, for a request without one). */
    boolean isComplete() {
        return decoder.isComplete();
    }

    HttpRequestHead head() {
        return head;
    }

    /** Whether the request's path is a WebSocket endpoint's. */
    boolean webSocketPath() {
        return webSocketPath;
    }

    /** The body read, exactly as long as it is. */
    byte[] body() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
