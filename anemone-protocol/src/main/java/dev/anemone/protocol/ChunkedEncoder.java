package dev.anemone.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes a body in chunks (RFC 9112 section 7.1), for a response whose length is not known when it starts. */
public final class ChunkedEncoder {

    /** The last chunk with an empty trailer section: the end of a chunked body. */
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ChunkedEncoder() {
    }

    /**
     * {@code data} as one chunk, size line and closing CRLF included, in a new buffer; nothing at
     * all for empty data, since an empty chunk would end the body. {@code data} is not consumed.
     */
    public static ByteBuffer chunk(ByteBuffer data) {
        int length = data.remaining();
        if (length == 0) {
            return ByteBuffer.allocate(0);
        }
        byte[] size = Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer chunk = ByteBuffer.allocate(size.length + 2 + length + 2);
        chunk.put(size).put((byte) '\r').put((byte) '\n').put(data.duplicate()).put((byte) '\r').put((byte) '\n');
        return chunk.flip();
    }

    /** The end of a chunked body, in a new buffer. */
    public static ByteBuffer lastChunk() {
        return ByteBuffer.wrap(LAST_CHUNK.clone());
    }
}
