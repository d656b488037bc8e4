package dev.anemone.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough JSON for the examples, which must not pull in a library: flat objects of strings and
 * numbers written, and a list of strings read back.
 */
final class Json {

    private static final Pattern STRING = Pattern.compile("\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private Json() {
    }

    /** {@code {"k1":v1,"k2":v2}} from keys and values in turn; a value is a string or a number. */
    static String object(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object(fields);
    }

    /** The object of {@code fields}, in their order; a value is a string or a number. */
    static String object(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            json.append(json.length() > 1 ? "," : "").append(quote(key)).append(':');
            json.append(value instanceof Number ? value.toString() : quote(String.valueOf(value)));
        });
        return json.append('}').toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped (and U+2028/9, for old parsers). */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * The strings of the array under {@code key} of a one-field object such as
     * {@code {"stocks":["AAPL","MSFT"]}}; empty when the text is not such an object. Escapes other
     * than {@code \"} and {@code \\} are kept as written: the callers compare with plain names.
     */
    static List<String> strings(String json, String key) {
        Matcher whole = Pattern.compile("\\s*\\{\\s*" + Pattern.quote(quote(key)) + "\\s*:\\s*\\[(.*)]\\s*}\\s*",
                Pattern.DOTALL).matcher(json);
        String items = whole.matches() ? whole.group(1) : "";
        List<String> strings = new ArrayList<>();
        Matcher item = STRING.matcher(items);
        int at = 0;
        while (item.find(at) && item.start() == at && at < items.length()) {
            strings.add(item.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            at = item.end();
        }
        return at == items.length() ? strings : List.of();
    }
}
