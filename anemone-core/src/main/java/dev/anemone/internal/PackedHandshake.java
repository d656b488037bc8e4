package dev.anemone.internal;

import dev.anemone.protocol.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's URI, negotiated subprotocol and extensions, and handshake headers, packed into
 * one byte array for the connection's life and unpacked each time they are asked for.
 *
 * <p>Kept as strings, a browser's request head is some thirty objects and about a kilobyte per
 * connection, held by every idle connection for an API most applications call once, in
 * {@code onOpen}, if at all. Packed, it is one array of about the head's size, held by the session
 * itself: no wrapper object either.
 *
 * <p>The layout is lines, each ended by a line feed: the URI, the subprotocol (empty for none), the
 * number of extensions and one line each, then {@code name:value} per header field. That is
 * unambiguous because the head parser takes field names as tokens (no colon) and values without
 * line breaks; {@link #pack} checks it anyway rather than unpack something else later. Once the
 * header fields are {@linkplain #withoutHeaders dropped}, the count of extensions carries a
 * {@code !}, so that no headers and dropped headers are told apart.
 */
final class PackedHandshake {

    private static final char END = '\n';
    private static final char BETWEEN = ':';
    private static final char DROPPED = '!';
    /** Lines before the extensions: the URI, the subprotocol, the number of extensions. */
    private static final int EXTENSIONS_LINE = 3;

    private PackedHandshake() {
    }

    /** Packs what the handshake settled; nothing given is referenced afterwards. */
    static byte[] pack(URI uri, String protocol, List<String> extensions, HttpHeaders headers) {
        StringBuilder text = new StringBuilder(256);
        line(text, uri.toString());
        line(text, protocol == null ? "" : protocol);
        line(text, Integer.toString(extensions.size()));
        for (String extension : extensions) {
            line(text, extension);
        }
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.indexOf(BETWEEN) >= 0) {
                throw new IllegalArgumentException("not a parsed header field: " + name);
            }
            line(text, name + BETWEEN + headers.value(i));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The URI, made anew on each call. */
    static URI uri(byte[] packed) {
        return URI.create(lines(packed).get(0));
    }

    /** The subprotocol, empty for none. */
    static String protocol(byte[] packed) {
        return lines(packed).get(1);
    }

    /** The extensions in effect, a fresh list on each call. */
    static List<String> extensions(byte[] packed) {
        List<String> lines = lines(packed);
        int count = extensionCount(lines);
        return List.copyOf(lines.subList(EXTENSIONS_LINE, EXTENSIONS_LINE + count));
    }

    /**
     * The same handshake without its header fields: the URI, subprotocol and extensions stay, and
     * {@link #headers} says the fields were dropped rather than that there were none.
     */
    static byte[] withoutHeaders(byte[] packed) {
        List<String> lines = lines(packed);
        if (headersDropped(lines)) {
            return packed;
        }
        int count = extensionCount(lines);
        StringBuilder text = new StringBuilder(packed.length);
        line(text, lines.get(0));
        line(text, lines.get(1));
        line(text, Integer.toString(count) + DROPPED);
        lines.subList(EXTENSIONS_LINE, EXTENSIONS_LINE + count).forEach(extension -> line(text, extension));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The header fields in their order, a fresh copy on each call.
     *
     * @throws IllegalStateException if they were {@linkplain #withoutHeaders dropped}
     */
    static HttpHeaders headers(byte[] packed) {
        List<String> lines = lines(packed);
        if (headersDropped(lines)) {
            throw new IllegalStateException("a connection keeps its handshake headers only until onOpen returns,"
                    + " unless its endpoint asks for them: Endpoint.of(listener).keepingHandshakeHeaders()");
        }
        int count = extensionCount(lines);
        HttpHeaders headers = new HttpHeaders();
        for (String field : lines.subList(EXTENSIONS_LINE + count, lines.size())) {
            int between = field.indexOf(BETWEEN);
            headers.add(field.substring(0, between), field.substring(between + 1));
        }
        return headers;
    }

    private static boolean headersDropped(List<String> lines) {
        return lines.get(EXTENSIONS_LINE - 1).indexOf(DROPPED) >= 0;
    }

    private static int extensionCount(List<String> lines) {
        String count = lines.get(EXTENSIONS_LINE - 1);
        int dropped = count.indexOf(DROPPED);
        return Integer.parseInt(dropped < 0 ? count : count.substring(0, dropped));
    }

    private static void line(StringBuilder text, String value) {
        if (value.indexOf(END) >= 0) {
            throw new IllegalArgumentException("a line break in a handshake value: " + value);
        }
        text.append(value).append(END);
    }

    private static List<String> lines(byte[] packed) {
        String text = new String(packed, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf(END); end >= 0; end = text.indexOf(END, start)) {
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }
}
