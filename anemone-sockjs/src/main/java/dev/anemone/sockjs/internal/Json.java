package dev.anemone.sockjs.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON SockJS speaks: strings quoted the way sockjs-node quotes them, and the arrays of
 * strings clients send. Written here rather than taken from a JSON library because every message
 * goes through it, and the protocol's escaping is its own.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * {@code text} as a JSON string, with the characters sockjs escapes as {@code \\uXXXX}: the
     * controls, every surrogate (so a non-BMP code point travels as its escaped pair), and the
     * ranges some browsers mangle or drop (U+200C–200F, U+2028–202F, U+2060–206F, U+FFF0–FFFF).
     */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(text, out);
        return out.toString();
    }

    /** Appends {@code text} quoted; see {@link #quote(String)}. */
    public static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (escaped(c)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15])
                                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean escaped(char c) {
        return c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || (c >= 0x200c && c <= 0x200f)
                || (c >= 0x2028 && c <= 0x202f) || (c >= 0x2060 && c <= 0x206f) || c >= 0xfff0;
    }

    /** The messages of a send: a JSON array of strings. */
    public static List<String> parseArray(String json) throws BrokenJsonException {
        Reader reader = new Reader(json);
        List<String> messages = reader.array();
        reader.end();
        return messages;
    }

    /**
     * The messages of a WebSocket frame from a SockJS client: a JSON array of strings, or one
     * JSON string.
     */
    public static List<String> parseArrayOrString(String json) throws BrokenJsonException {
        Reader reader = new Reader(json);
        reader.skipSpace();
        List<String> messages = reader.peek() == '[' ? reader.array() : List.of(reader.string());
        reader.end();
        return messages;
    }

    /** A document that is not JSON, or not the JSON SockJS expects. */
    public static final class BrokenJsonException extends Exception {
        BrokenJsonException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        private final String json;
        private int at;

        Reader(String json) {
            this.json = json;
        }

        char peek() throws BrokenJsonException {
            if (at >= json.length()) {
                throw new BrokenJsonException("unexpected end");
            }
            return json.charAt(at);
        }

        void skipSpace() {
            while (at < json.length() && " \t\r\n".indexOf(json.charAt(at)) >= 0) {
                at++;
            }
        }

        void expect(char c) throws BrokenJsonException {
            skipSpace();
            if (peek() != c) {
                throw new BrokenJsonException("expected '" + c + "' at " + at);
            }
            at++;
        }

        void end() throws BrokenJsonException {
            skipSpace();
            if (at != json.length()) {
                throw new BrokenJsonException("text after the document at " + at);
            }
        }

        List<String> array() throws BrokenJsonException {
            expect('[');
            List<String> items = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                at++;
                return items;
            }
            while (true) {
                items.add(string());
                skipSpace();
                char c = peek();
                at++;
                if (c == ']') {
                    return items;
                }
                if (c != ',') {
                    throw new BrokenJsonException("expected ',' or ']' at " + (at - 1));
                }
            }
        }

        String string() throws BrokenJsonException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                at++;
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new BrokenJsonException("unescaped control character at " + (at - 1));
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                at++;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw new BrokenJsonException("bad escape at " + (at - 1));
                }
            }
        }

        private char hex4() throws BrokenJsonException {
            if (at + 4 > json.length()) {
                throw new BrokenJsonException("unexpected end");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(json.charAt(at++), 16);
                if (digit < 0) {
                    throw new BrokenJsonException("bad \\u escape at " + (at - 1));
                }
                value = value << 4 | digit;
            }
            return (char) value;
        }
    }
}
