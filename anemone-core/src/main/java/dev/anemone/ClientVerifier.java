package dev.anemone;

import java.util.Set;
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
        return info -> CompletableFuture.completedFuture(Verdict.accept());
    }

    /**
     * Accepts only browsers from these origins (such as {@code https://example.com}), refusing any
     * other Origin, or none, with 403: the defence against cross-site WebSocket hijacking.
     */
    static ClientVerifier allowOrigins(String... origins) {
        Set<String> allowed = Set.of(origins);
        return sync(info -> info.origin() != null && allowed.contains(info.origin())
                ? Verdict.accept()
                : Verdict.reject(403, "Origin not allowed: " + info.origin(), null));
    }
}
