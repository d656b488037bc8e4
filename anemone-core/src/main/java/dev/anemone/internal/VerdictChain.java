package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.HandshakeInfo;
import dev.anemone.Verdict;
import dev.anemone.protocol.HttpHeaders;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Two verifiers that must both accept: the second is asked only once the first has accepted, and
 * the first refusal is the answer. An accepted client gets the response headers of both, and the
 * second's attachment, or the first's when the second attaches nothing.
 */
public final class VerdictChain implements ClientVerifier {

    private final ClientVerifier first;
    private final ClientVerifier second;

    /** Accepts everyone: what {@code ClientVerifier.acceptAll()} returns, and what a chain leaves out. */
    public static final ClientVerifier ACCEPT_ALL = info -> CompletableFuture.completedFuture(Verdict.accept());

    private VerdictChain(ClientVerifier first, ClientVerifier second) {
        this.first = first;
        this.second = second;
    }

    /** {@code first}, then {@code second}; either alone when the other accepts everyone. */
    public static ClientVerifier of(ClientVerifier first, ClientVerifier second) {
        if (first == ACCEPT_ALL) {
            return second;
        }
        return second == ACCEPT_ALL ? first : new VerdictChain(first, second);
    }

    @Override
    public CompletionStage<Verdict> verify(HandshakeInfo info) {
        return first.verify(info).thenCompose(verdict -> verdict == null || !verdict.accepted()
                ? CompletableFuture.completedFuture(verdict)
                : second.verify(info).thenApply(next -> merge(verdict, next)));
    }

    private static Verdict merge(Verdict earlier, Verdict later) {
        if (later == null || !later.accepted()) {
            return later;
        }
        HttpHeaders earlierHeaders = earlier.headers();
        if (earlierHeaders.size() == 0 && earlier.attachment() == null) {
            return later;
        }
        Verdict merged = Verdict.accept().attach(later.attachment() != null ? later.attachment() : earlier.attachment());
        for (HttpHeaders headers : new HttpHeaders[] {earlierHeaders, later.headers()}) {
            for (int i = 0; i < headers.size(); i++) {
                merged = merged.withHeader(headers.name(i), headers.value(i));
            }
        }
        return merged;
    }
}
