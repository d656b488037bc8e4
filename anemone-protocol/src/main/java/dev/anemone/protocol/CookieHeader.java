package dev.anemone.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code Cookie} request header (RFC 6265 section 5.4): {@code name=value} pairs separated by semicolons. */
public final class CookieHeader {

    private CookieHeader() {
    }

    /**
     * The cookies of every {@code Cookie} field of {@code headers}, by name; the first wins when a
     * name repeats (the browser sends the most specific path first). A value in double quotes
     * loses them; values are otherwise as sent. The map cannot be modified.
     */
    public static Map<String, String> parse(HttpHeaders headers) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headers.getAll("Cookie")) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String value = pair.substring(equals + 1).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    cookies.putIfAbsent(pair.substring(0, equals).strip(), value);
                }
            }
        }
        return Collections.unmodifiableMap(cookies);
    }
}
