package dev.anemone.sockjs.internal;

import dev.anemone.HttpRequest;
import dev.anemone.protocol.HttpDate;
import dev.anemone.protocol.HttpHeaders;
import java.time.Duration;
import java.time.Instant;

/** The header fields SockJS fixes: CORS with credentials, caching either way, the JSESSIONID cookie. */
final class ResponseHeaders {

    static final String NO_CACHE = "no-store, no-cache, must-revalidate, max-age=0";
    static final long ONE_YEAR_SECONDS = Duration.ofDays(365).toSeconds();

    static final String JAVASCRIPT = "application/javascript; charset=UTF-8";
    static final String PLAIN = "text/plain; charset=UTF-8";
    static final String HTML = "text/html; charset=UTF-8";
    static final String JSON = "application/json; charset=UTF-8";
    static final String EVENT_STREAM = "text/event-stream; charset=UTF-8";

    private ResponseHeaders() {
    }

    /**
     * Lets a page of any origin read the response with its cookies: the origin echoed ({@code *}
     * when there is none, or it is {@code null}, as from a file: page), credentials allowed, and
     * the request headers a preflight asked for.
     */
    static HttpHeaders cors(HttpRequest request, HttpHeaders headers) {
        String origin = request.header("Origin");
        headers.add("Access-Control-Allow-Origin", origin == null || origin.equals("null") ? "*" : origin);
        headers.add("Access-Control-Allow-Credentials", "true");
        headers.add("Vary", "Origin");
        String asked = request.header("Access-Control-Request-Headers");
        if (asked != null) {
            headers.add("Access-Control-Allow-Headers", asked);
        }
        return headers;
    }

    /** Never cached: what a GET transport answers is the session's, not the URL's. */
    static HttpHeaders noCache(HttpHeaders headers) {
        return headers.add("Cache-Control", NO_CACHE);
    }

    /** Cached for a year: the iframe page and the answers to preflights. */
    static HttpHeaders cacheForYear(HttpHeaders headers) {
        headers.add("Cache-Control", "public, max-age=" + ONE_YEAR_SECONDS);
        return headers.add("Expires", HttpDate.format(Instant.now().plusSeconds(ONE_YEAR_SECONDS)));
    }

    /**
     * The JSESSIONID cookie, set on every transport response when the option is on: the client's
     * own value, or {@code dummy}, so that a load balancer sticking sessions by it has one.
     */
    static HttpHeaders jsessionid(HttpRequest request, boolean enabled, HttpHeaders headers) {
        if (enabled) {
            String value = request.cookie("JSESSIONID");
            headers.add("Set-Cookie", "JSESSIONID=" + (value == null || value.isEmpty() ? "dummy" : value) + "; path=/");
        }
        return headers;
    }
}
