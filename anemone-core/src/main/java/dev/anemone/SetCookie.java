package dev.anemone;

import dev.anemone.protocol.HttpHeaders;
import java.time.Duration;
import java.util.Objects;

/**
 * A cookie for the browser to keep, as a {@code Set-Cookie} header writes it (RFC 6265 section
 * 4.1): {@link #of} starts with the safe choices for a session cookie (path {@code /},
 * {@code HttpOnly}, {@code SameSite=Lax}, gone when the browser closes); add {@code Secure} for a
 * site served over HTTPS.
 *
 * <pre>{@code
 * HttpResponse.redirect(303, "/").withCookie(SetCookie.of("session", token).withMaxAge(Duration.ofHours(8)))
 * }</pre>
 *
 * @param name the name, an HTTP token
 * @param value the value: printable ASCII without spaces, quotes, commas, semicolons or backslashes
 *     (encode anything else, as base64url)
 * @param path the path it is sent for, or null for the request's
 * @param domain the domain it is sent to, or null for this host only
 * @param maxAge how long the browser keeps it, or null until it closes; zero deletes it
 * @param secure sent over HTTPS only
 * @param httpOnly hidden from scripts
 * @param sameSite when it goes with requests from other sites, or null to leave it to the browser
 */
public record SetCookie(String name, String value, String path, String domain, Duration maxAge, boolean secure,
                        boolean httpOnly, SameSite sameSite) {

    /** When a cookie goes along with requests that another site starts. */
    public enum SameSite {
        /** Only with requests from this site. */
        STRICT("Strict"),
        /** Also with top-level navigations from other sites (following a link). */
        LAX("Lax"),
        /** With every request, which browsers allow only for a {@code Secure} cookie. */
        NONE("None");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }
    }

    /** Checks what would otherwise corrupt the header or be dropped by the browser. */
    public SetCookie {
        if (!HttpHeaders.isToken(name)) {
            throw new IllegalArgumentException("A cookie name is a token: '" + name + "'");
        }
        checkValue(Objects.requireNonNull(value));
        checkAttribute("Path", path);
        checkAttribute("Domain", domain);
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("Max-Age is not negative: " + maxAge);
        }
    }

    /** A session cookie with path {@code /}, {@code HttpOnly} and {@code SameSite=Lax}. */
    public static SetCookie of(String name, String value) {
        return new SetCookie(name, value, "/", null, null, false, true, SameSite.LAX);
    }

    /** A cookie that deletes {@code name} from the browser (an empty value, {@code Max-Age=0}). */
    public static SetCookie expired(String name) {
        return of(name, "").withMaxAge(Duration.ZERO);
    }

    /** The same cookie for {@code value}, a path such as {@code /app}. */
    public SetCookie withPath(String value) {
        return new SetCookie(name, this.value, value, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** The same cookie for a domain and its subdomains. */
    public SetCookie withDomain(String value) {
        return new SetCookie(name, this.value, path, value, maxAge, secure, httpOnly, sameSite);
    }

    /** The same cookie kept for {@code value}, to the second. */
    public SetCookie withMaxAge(Duration value) {
        return new SetCookie(name, this.value, path, domain, value, secure, httpOnly, sameSite);
    }

    /**
     * The same cookie, sent over HTTPS only or not. A server sets a Secure cookie over TLS only:
     * on a plain connection its {@code Set-Cookie} is left out of the response (and of a
     * verdict's 101), with a warning in the log, since a browser would not store it from an
     * insecure origin and its value would cross the network in the clear.
     */
    public SetCookie withSecure(boolean value) {
        return new SetCookie(name, this.value, path, domain, maxAge, value, httpOnly, sameSite);
    }

    /** The same cookie, hidden from scripts or not. */
    public SetCookie withHttpOnly(boolean value) {
        return new SetCookie(name, this.value, path, domain, maxAge, secure, value, sameSite);
    }

    /** The same cookie with another {@code SameSite} rule, or none (null). */
    public SetCookie withSameSite(SameSite value) {
        return new SetCookie(name, this.value, path, domain, maxAge, secure, httpOnly, value);
    }

    /**
     * The {@code Set-Cookie} header's value.
     *
     * @throws IllegalStateException for {@code SameSite=None} without {@code Secure}, which
     *     browsers refuse
     */
    public String headerValue() {
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalStateException("SameSite=None needs Secure, or browsers drop the cookie " + name);
        }
        StringBuilder header = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            header.append("; Path=").append(path);
        }
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            header.append("; Max-Age=").append(maxAge.getSeconds());
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (sameSite != null) {
            header.append("; SameSite=").append(sameSite.attribute);
        }
        return header.toString();
    }

    /** RFC 6265 section 4.1.1: cookie-octets, optionally in double quotes. */
    private static void checkValue(String value) {
        String bare = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("A cookie value may not hold '" + c + "' (encode it, as base64url)");
            }
        }
    }

    private static void checkAttribute(String attribute, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ';') {
                throw new IllegalArgumentException(attribute + " may not hold '" + c + "'");
            }
        }
    }
}
