package dev.anemone.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding (RFC 3986 section 2.1) and {@code application/x-www-form-urlencoded} pairs, the
 * format of query strings and of HTML form posts (WHATWG URL, section 5).
 *
 * <p>Input is text as read off the wire, one character per byte (ISO-8859-1, as heads are
 * read), and the decoded bytes are read as UTF-8: raw UTF-8 and percent-encoded UTF-8 both come
 * out right. Decoding is lenient, as browsers are: a {@code %} not followed by two hex digits is
 * kept as it is, and bytes that are not UTF-8 become U+FFFD, so no input makes it throw.
 */
public final class UrlEncoding {

    private UrlEncoding() {
    }

    /** Percent-decodes {@code text}; with {@code plusIsSpace} (forms and queries), {@code +} is a space. */
    public static String decode(String text, boolean plusIsSpace) {
        if (isPlain(text, plusIsSpace)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x100) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isPlain(String text, boolean plusIsSpace) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c >= 0x80 || (c == '+' && plusIsSpace)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code name=value} pairs of a query string or form body, separated by {@code &} and
     * decoded, by name in order of first appearance; a repeated name keeps every value in order.
     * A pair without {@code =} has the empty value; empty pairs are skipped. Neither the map nor
     * its lists can be modified.
     */
    public static Map<String, List<String>> parseForm(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            if (end > start) {
                int equals = encoded.indexOf('=', start);
                boolean hasValue = equals >= 0 && equals < end;
                String name = decode(encoded.substring(start, hasValue ? equals : end), true);
                String value = hasValue ? decode(encoded.substring(equals + 1, end), true) : "";
                pairs.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        pairs.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(pairs);
    }
}
