package dev.anemone.stomp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes STOMP frames. Header values are escaped from version 1.1 on, except in CONNECT and
 * CONNECTED; 1.0 has no escapes, so there a line break in a value becomes a space and a colon in
 * a name an underscore, which keeps the frame whole. A frame with a body and no
 * {@code content-length} gets one, so that a NUL inside the body is safe.
 */
public final class StompEncoder {

    /** One end-of-line: a heart-beat. */
    public static final byte[] HEART_BEAT = {'\n'};

    private StompEncoder() {
    }

    /** The bytes of {@code frame} in {@code version} (null: as before a version is agreed, unescaped). */
    public static byte[] encode(StompFrame frame, StompVersion version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + frame.body().length);
        ascii(out, frame.command().name());
        out.write('\n');
        boolean escape = version != null && version.escapes() && !frame.command().rawHeaders();
        boolean hasLength = false;
        for (Map.Entry<String, String> header : frame.headers().entries()) {
            hasLength |= header.getKey().equals("content-length");
            utf8(out, escape ? escape(header.getKey(), version) : raw(header.getKey(), true));
            out.write(':');
            utf8(out, escape ? escape(header.getValue(), version) : raw(header.getValue(), false));
            out.write('\n');
        }
        if (!hasLength && frame.body().length > 0) {
            ascii(out, "content-length:" + frame.body().length + "\n");
        }
        out.write('\n');
        out.writeBytes(frame.body());
        out.write(0);
        return out.toByteArray();
    }

    static String escape(String text, StompVersion version) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case ':' -> "\\c";
                case '\r' -> version == StompVersion.V1_1 ? " " : "\\r";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String raw(String text, boolean name) {
        String safe = text.replace('\n', ' ').replace('\r', ' ');
        return name ? safe.replace(':', '_') : safe;
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void utf8(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
