package dev.anemone;

import dev.anemone.protocol.UrlEncoding;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded {@code name=value} pairs of a query string or a form post, by name in the order they
 * first came; a name sent several times ({@code tag=a&tag=b}) keeps every value. Immutable.
 */
public final class Parameters {

    private static final Parameters NONE = new Parameters(Map.of());

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * The pairs of {@code encoded}, in {@code application/x-www-form-urlencoded} form (as query
     * strings are): percent-escapes decoded as UTF-8, {@code +} a space. Malformed escapes are
     * kept as they are rather than refused.
     */
    public static Parameters parse(String encoded) {
        return encoded == null || encoded.isEmpty() ? NONE : new Parameters(UrlEncoding.parseForm(encoded));
    }

    /** No parameters. */
    public static Parameters none() {
        return NONE;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(0);
    }

    /** The first value of {@code name}, or {@code fallback} when there is none. */
    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** Every value of {@code name}, in order; empty when there is none. */
    public List<String> getAll(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether {@code name} was sent, with or without a value. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The names, in the order they first came. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Every value by name, unmodifiable. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
