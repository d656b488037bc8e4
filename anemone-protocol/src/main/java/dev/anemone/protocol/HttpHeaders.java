package dev.anemone.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HTTP header fields in the order they came, looked up by name without regard to case.
 * Comma-separated lists are split by a linear scan, never by a regular expression, so no header
 * value can make parsing slow.
 */
public final class HttpHeaders {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** No fields. */
    public HttpHeaders() {
    }

    /** Appends a field; repeated names are kept as separate fields. */
    public HttpHeaders add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Appends every field of {@code other}. */
    public HttpHeaders addAll(HttpHeaders other) {
        names.addAll(other.names);
        values.addAll(other.values);
        return this;
    }

    /** How many fields. */
    public int size() {
        return names.size();
    }

    /** The name of field {@code i}, as sent. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }

    /** The first value for {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value for {@code name}, in order. */
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                all.add(values.get(i));
            }
        }
        return all;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        int count = 0;
        for (String each : names) {
            if (each.equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The comma-separated elements of every field called {@code name}, trimmed, empty ones
     * dropped (RFC 9110 section 5.6.1).
     */
    public List<String> elements(String name) {
        List<String> elements = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                splitList(values.get(i), elements);
            }
        }
        return elements.isEmpty() ? Collections.emptyList() : elements;
    }

    /** Whether some element of the {@code name} fields equals {@code token}, ignoring case. */
    public boolean containsToken(String name, String token) {
        for (String element : elements(name)) {
            if (element.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code value} at commas outside quoted strings, trimming each element. */
    static void splitList(String value, List<String> into) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && (!quoted || i == value.length())) {
                // The end of the value ends the last element even inside an unterminated quote,
                // so a malformed element is kept, and refused where it is checked, not dropped.
                String element = value.substring(start, Math.min(i, value.length())).strip();
                if (!element.isEmpty()) {
                    into.add(element);
                }
                start = i + 1;
            }
        }
    }

    /** Whether {@code s} is an HTTP token (RFC 9110 section 5.6.2): one or more tchars. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
        }
        return text.toString();
    }
}
