package dev.anemone.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Dates as HTTP writes them (RFC 9110 section 5.6.7), for {@code Date}, {@code Last-Modified} and
 * {@code If-Modified-Since}: written in the IMF-fixdate form, {@code Sun, 06 Nov 1994 08:49:37 GMT}.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    /** {@code time} in the IMF-fixdate form, to the second. */
    public static String format(Instant time) {
        return IMF_FIXDATE.format(time);
    }

    /**
     * The time an HTTP date names, or null when {@code text} is not one: a recipient ignores a
     * date it cannot read (RFC 9110 section 13.1.3). IMF-fixdate and the RFC 1123 form with a
     * one-digit day are read; the obsolete RFC 850 and asctime forms are not.
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip()));
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
