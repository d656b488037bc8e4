package dev.anemone.internal;

import dev.anemone.protocol.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A connection's URI and handshake headers, packed into one byte array for the connection's life
 * and unpacked each time they are asked for.
 *
 * <p>Kept as strings, a browser's request head is some thirty objects and about a kilobyte per
 * connection, held by every idle connection for an API most applications call once, in
 * {@code onOpen}, if at all. Packed, it is one array of about the head's size.
 *
 * <p>The layout is the URI, then {@code name:value} per field, each ended by a line feed. That is
 * unambiguous because the head parser takes field names as tokens (no colon) and values without
 * line breaks; {@link #pack} checks it anyway rather than unpack something else later.
 */
final class PackedHandshake {

    private static final char END = '\n';
    private static final char BETWEEN = ':';

    private final byte[] packed;

    private PackedHandshake(byte[] packed) {
        this.packed = packed;
    }

    /** Packs {@code uri} and {@code headers}; neither is referenced afterwards. */
    static PackedHandshake pack(URI uri, HttpHeaders headers) {
        StringBuilder text = new StringBuilder(256);
        text.append(uri).append(END);
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            String value = headers.value(i);
            if (name.indexOf(BETWEEN) >= 0 || name.indexOf(END) >= 0 || value.indexOf(END) >= 0) {
                throw new IllegalArgumentException("not a parsed header field: " + name);
            }
            text.append(name).append(BETWEEN).append(value).append(END);
        }
        return new PackedHandshake(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The URI, made anew on each call. */
    URI uri() {
        String text = new String(packed, StandardCharsets.UTF_8);
        return URI.create(text.substring(0, text.indexOf(END)));
    }

    /** The header fields in their order, a fresh copy on each call. */
    HttpHeaders headers() {
        String text = new String(packed, StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders();
        int start = text.indexOf(END) + 1;
        while (start < text.length()) {
            int between = text.indexOf(BETWEEN, start);
            int end = text.indexOf(END, between);
            headers.add(text.substring(start, between), text.substring(between + 1, end));
            start = end + 1;
        }
        return headers;
    }

    /** Bytes held, for tests and memory accounting. */
    int size() {
        return packed.length;
    }
}
