package dev.anemone.stomp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A frame's headers in the order they came, repeats included; {@link #get} answers with the first
 * of a name, as STOMP 1.2 says ("only the first header entry SHOULD be used"). Immutable. Names
 * and values are data: nothing in them is ever evaluated.
 */
public final class StompHeaders {

    private static final StompHeaders EMPTY = new StompHeaders(List.of());

    private final List<Map.Entry<String, String>> entries;

    private StompHeaders(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** No headers. */
    public static StompHeaders empty() {
        return EMPTY;
    }

    /** Headers from name, value pairs: {@code of("destination", "/topic/a", "receipt", "1")}. */
    public static StompHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new StompHeaders(Collections.unmodifiableList(list));
    }

    /** Headers holding {@code entries} in their order. */
    public static StompHeaders ofEntries(List<Map.Entry<String, String>> entries) {
        return new StompHeaders(List.copyOf(entries));
    }

    /** The value of the first header named {@code name}, or null. */
    public String get(String name) {
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The value of the first header named {@code name}, or {@code fallback}. */
    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** Every header, in order, repeats included. */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /** How many header lines there are. */
    public int size() {
        return entries.size();
    }

    /** These headers with {@code name} set to {@code value}: earlier headers of that name are removed, the new one goes first. */
    public StompHeaders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        List<Map.Entry<String, String>> list = new ArrayList<>(entries.size() + 1);
        list.add(Map.entry(name, value));
        list.addAll(without(name).entries);
        return new StompHeaders(Collections.unmodifiableList(list));
    }

    /** These headers without any named {@code name}. */
    public StompHeaders without(String name) {
        List<Map.Entry<String, String>> list = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> entry : entries) {
            if (!entry.getKey().equals(name)) {
                list.add(entry);
            }
        }
        return new StompHeaders(Collections.unmodifiableList(list));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StompHeaders headers && headers.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
