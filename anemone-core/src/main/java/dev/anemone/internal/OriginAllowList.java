package dev.anemone.internal;

import dev.anemone.HandshakeInfo;
import dev.anemone.Verdict;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The origins a server accepts browsers from: exact origins ({@code https://example.com}), every
 * subdomain of one ({@code https://*.example.com}), and the opaque {@code null} origin only when
 * listed. Origins compare as RFC 6454 serializes them: scheme and host in lower case, and the
 * scheme's default port left out, so {@code https://Example.com:443} lists the origin a browser
 * sends as {@code https://example.com}. A request without an Origin is refused too: once a list
 * is set, whatever is not on it is.
 */
public final class OriginAllowList {

    private static final String NULL_ORIGIN = "null";
    private static final Verdict REFUSED = Verdict.reject(403, "Origin not allowed", null);

    /** An origin, or with {@code wildcard} every origin whose host ends in {@code "." + host}. */
    private record Allowed(String scheme, String host, int port, boolean wildcard) {
    }

    private final List<Allowed> allowed;
    private final boolean allowsNull;

    private OriginAllowList(List<Allowed> allowed, boolean allowsNull) {
        this.allowed = allowed;
        this.allowsNull = allowsNull;
    }

    /**
     * The list of {@code origins}.
     *
     * @throws IllegalArgumentException for an entry that is not {@code null}, nor a scheme and a
     *     host with an optional port, nothing more, where the host may start with {@code *.}
     */
    public static OriginAllowList of(String... origins) {
        List<Allowed> allowed = new ArrayList<>();
        boolean allowsNull = false;
        for (String origin : origins) {
            if (NULL_ORIGIN.equals(origin)) {
                allowsNull = true;
                continue;
            }
            boolean wildcard = origin.contains("://*.");
            Allowed parsed = parse(wildcard ? origin.replace("://*.", "://") : origin, wildcard);
            if (parsed == null || parsed.host().contains("*")) {
                throw new IllegalArgumentException("not an origin (scheme://host[:port], the host may start with *.): "
                        + origin);
            }
            allowed.add(parsed);
        }
        return new OriginAllowList(List.copyOf(allowed), allowsNull);
    }

    /** Accepts a listed origin and refuses any other, or none, with 403. */
    public Verdict verdict(HandshakeInfo info) {
        return allows(info.origin()) ? Verdict.accept() : REFUSED;
    }

    /** Whether {@code origin}, the value of an Origin header (null when there was none), is listed. */
    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        if (NULL_ORIGIN.equals(origin)) {
            return allowsNull;
        }
        Allowed sent = parse(origin, false);
        if (sent == null) {
            return false;
        }
        for (Allowed entry : allowed) {
            if (matches(entry, sent)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Allowed entry, Allowed sent) {
        if (!entry.scheme().equals(sent.scheme()) || entry.port() != sent.port()) {
            return false;
        }
        return entry.wildcard() ? sent.host().endsWith("." + entry.host()) : entry.host().equals(sent.host());
    }

    /** Scheme, host and port of an origin with nothing else in it, or null. */
    private static Allowed parse(String origin, boolean wildcard) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException notAnOrigin) {
            return null;
        }
        boolean onlyOrigin = uri.getScheme() != null && uri.getHost() != null && uri.getRawUserInfo() == null
                && uri.getRawPath() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
        if (!onlyOrigin) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
        return new Allowed(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, wildcard);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }
}
