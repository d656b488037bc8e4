package dev.anemone.internal;

import dev.anemone.protocol.HttpHeaders;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Cookies marked {@code Secure} go out over TLS only: on a plain connection their
 * {@code Set-Cookie} fields are left out of the response (a browser would not store them from an
 * insecure origin anyway, and the value would have crossed the network in the clear), with a
 * warning at most every minute.
 */
final class SecureCookies {

    private static final RateLimitedLog DROPPED = new RateLimitedLog(Log.of(SecureCookies.class), Level.WARNING,
            Duration.ofMinutes(1));

    private SecureCookies() {
    }

    /** Whether the field {@code name: value} may go out on a connection that is {@code secure} or not. */
    static boolean mayGo(String name, String value, boolean secure) {
        if (secure || !name.equalsIgnoreCase("Set-Cookie") || !marksSecure(value)) {
            return true;
        }
        int equals = value.indexOf('=');
        DROPPED.log("a cookie marked Secure was left out of a response on a connection without TLS: "
                + (equals > 0 ? value.substring(0, equals).trim() : "?"), null);
        return false;
    }

    /** {@code headers} without the Secure cookies when the connection is not {@code secure}; the same object if none is left out. */
    static HttpHeaders forConnection(HttpHeaders headers, boolean secure) {
        if (secure) {
            return headers;
        }
        HttpHeaders kept = null;
        for (int i = 0; i < headers.size(); i++) {
            boolean goes = mayGo(headers.name(i), headers.value(i), false);
            if (!goes && kept == null) {
                kept = new HttpHeaders();
                for (int j = 0; j < i; j++) {
                    kept.add(headers.name(j), headers.value(j));
                }
            } else if (goes && kept != null) {
                kept.add(headers.name(i), headers.value(i));
            }
        }
        return kept == null ? headers : kept;
    }

    private static boolean marksSecure(String setCookie) {
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].trim().equalsIgnoreCase("Secure")) {
                return true;
            }
        }
        return false;
    }
}
