package dev.anemone.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 section 9.1): an extension
 * name and its parameters, in order, each with a value or none. Parsed by one linear scan.
 *
 * @param name the extension's name
 * @param names the parameter names, in order (repeats kept, so callers can refuse them)
 * @param values the parameter values, null where a parameter has none; quotes removed
 */
public record ExtensionParameters(String name, List<String> names, List<String> values) {

    /**
     * Parses one element, such as {@code permessage-deflate; client_max_window_bits=10}.
     *
     * @throws IllegalArgumentException when a name is not a token or a value is neither a token
     *     nor a quoted token
     */
    public static ExtensionParameters parse(String element) {
        String[] parts = splitParameters(element);
        String name = parts[0].strip();
        if (!HttpHeaders.isToken(name)) {
            throw new IllegalArgumentException("Bad extension name '" + name + "'");
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            String key = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
            if (!HttpHeaders.isToken(key)) {
                throw new IllegalArgumentException("Bad parameter '" + parameter + "' in extension " + name);
            }
            String value = null;
            if (equals >= 0) {
                value = unquote(parameter.substring(equals + 1).strip());
                if (!HttpHeaders.isToken(value)) {
                    throw new IllegalArgumentException("Bad value for parameter " + key + " in extension " + name);
                }
            }
            names.add(key);
            values.add(value);
        }
        return new ExtensionParameters(name, Collections.unmodifiableList(names), Collections.unmodifiableList(values));
    }

    /** The extension name of an element, without parsing its parameters. */
    public static String nameOf(String element) {
        int semicolon = element.indexOf(';');
        return (semicolon < 0 ? element : element.substring(0, semicolon)).strip();
    }

    private static String[] splitParameters(String element) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(element.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(element.substring(start));
        return parts.toArray(new String[0]);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The element as it goes on the wire. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        for (int i = 0; i < names.size(); i++) {
            text.append("; ").append(names.get(i));
            if (values.get(i) != null) {
                text.append('=').append(values.get(i));
            }
        }
        return text.toString();
    }
}
