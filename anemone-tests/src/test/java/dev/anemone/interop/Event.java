package dev.anemone.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing a side of a connection reported: {@code open}, {@code message}, {@code ping},
 * {@code pong}, {@code close}, {@code handshake-failed}, {@code refused}, {@code error} or
 * {@code exit}. Peers written in other languages report them as flat JSON objects, one a line,
 * with the name under {@code "event"}; our own listeners build them directly.
 *
 * @param name what happened
 * @param fields what the reporter said about it
 */
record Event(String name, Map<String, Object> fields) {

    Event {
        fields = new LinkedHashMap<>(fields);
    }

    /** An event from key/value pairs. */
    static Event of(String name, Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Event(name, fields);
    }

    /** Parses a peer's line: a flat JSON object of strings, numbers, booleans and nulls. */
    static Event parse(String json) {
        Map<String, Object> fields = new FlatJson(json).object();
        Object name = fields.remove("event");
        if (!(name instanceof String)) {
            throw new IllegalArgumentException("no \"event\" in " + json);
        }
        return new Event((String) name, fields);
    }

    String text(String key) {
        return (String) require(key);
    }

    long number(String key) {
        return ((Number) require(key)).longValue();
    }

    boolean flag(String key) {
        return (Boolean) require(key);
    }

    /** What our own listeners attach, such as the connection. */
    <T> T object(String key, Class<T> type) {
        return type.cast(require(key));
    }

    private Object require(String key) {
        if (!fields.containsKey(key)) {
            throw new AssertionError("no \"" + key + "\" in " + this);
        }
        return fields.get(key);
    }

    @Override
    public String toString() {
        return name + fields;
    }

    /** Just enough JSON for the peers' reports: one flat object. */
    private static final class FlatJson {
        private final String in;
        private int at;

        FlatJson(String in) {
            this.in = in;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                at++;
                return fields;
            }
            do {
                String key = string();
                expect(':');
                fields.put(key, value());
            } while (consume(','));
            expect('}');
            return fields;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (in.startsWith(word, at)) {
                    at += word.length();
                    return "null".equals(word) ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < in.length() && "+-0123456789.eE".indexOf(in.charAt(at)) >= 0) {
                at++;
            }
            String number = in.substring(start, at);
            if (number.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + start + " in " + in);
            }
            return number.matches("-?\\d+") ? (Object) Long.valueOf(number) : (Object) Double.valueOf(number);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = in.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = in.charAt(at++);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(in.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private char peek() {
            while (Character.isWhitespace(in.charAt(at))) {
                at++;
            }
            return in.charAt(at);
        }

        private boolean consume(char c) {
            if (peek() == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + in);
            }
        }
    }
}
