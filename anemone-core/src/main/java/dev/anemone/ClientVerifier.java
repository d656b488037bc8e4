package dev.anemone;

import dev.anemone.internal.OriginAllowList;
import dev.anemone.internal.VerdictChain;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Decides whether to accept a client, as Node ws's {@code verifyClient}: it sees the Origin,
 * headers, cookies and address, and may answer at once or later (after asking a session store,
 * say). It runs on the connection's event loop: an answer that needs I/O should come back as a
 * future completed elsewhere.
 */
@FunctionalInterface
public interface ClientVerifier {

    /** The verdict, now or later. A failed future refuses the client with 500. */
    CompletionStage<Verdict> verify(HandshakeInfo info);

    /** A verifier that answers at once. */
    static ClientVerifier sync(Function<HandshakeInfo, Verdict> decide) {
        return info -> CompletableFuture.completedFuture(decide.apply(info));
    }

    /** Accepts everyone. */
    static ClientVerifier acceptAll() {
        return VerdictChain.ACCEPT_ALL;
    }

    /**
     * Accepts only browsers from these origins, refusing any other Origin, or none, with 403: the
     * defence against cross-site WebSocket hijacking, where a page on another site opens a
     * WebSocket to this server and the browser sends along the user's cookies. Once a list is set,
     * whatever is not on it is refused. Each entry is one of:
     * <ul>
     * <li>an exact origin, {@code https://example.com} or {@code http://localhost:8080}: scheme,
     *     host and port, nothing else (no path, no trailing slash); scheme and host compare
     *     case-insensitively, and the scheme's default port may be written or left out;
     * <li>every subdomain of a host, {@code https://*.example.com}: {@code https://a.example.com}
     *     and {@code https://a.b.example.com}, not {@code https://example.com} itself (list it too);
     * <li>{@code null}: the opaque origin of sandboxed frames, {@code file:} pages and some
     *     redirects, which any site can produce, so it is refused unless listed.
     * </ul>
     * Combine it with other checks by {@link #and}: {@code allowOrigins("https://example.com")
     * .and(sessionCookieCheck)}.
     *
     * @throws IllegalArgumentException for an entry that is none of these
     */
    static ClientVerifier allowOrigins(String... origins) {
        OriginAllowList allowed = OriginAllowList.of(origins);
        return info -> CompletableFuture.completedFuture(allowed.verdict(info));
    }

    /**
     * This verifier, then {@code next}: the client is accepted only when both accept, and
     * {@code next} is asked only once this one has. The first refusal is the answer; an accepted
     * client gets the response headers of both verdicts, and {@code next}'s attachment, or this
     * one's when {@code next} attaches none. {@code next} runs where this verifier's answer
     * completes: on the event loop when it answers at once.
     */
    default ClientVerifier and(ClientVerifier next) {
        return VerdictChain.of(this, Objects.requireNonNull(next, "next"));
    }
}
