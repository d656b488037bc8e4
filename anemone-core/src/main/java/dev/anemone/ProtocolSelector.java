package dev.anemone;

import java.util.List;

/**
 * Chooses the subprotocol, as Node ws's {@code handleProtocols}: one of those the client offered,
 * or null for none.
 */
@FunctionalInterface
public interface ProtocolSelector {

    /** The chosen subprotocol, which must be one of {@code offered}, or null. */
    String select(List<String> offered, HandshakeInfo info);

    /** Picks the client's first choice, as Node ws does by default. */
    static ProtocolSelector firstOffered() {
        return (offered, info) -> offered.isEmpty() ? null : offered.get(0);
    }

    /** Picks the client's most preferred subprotocol among {@code supported}, or none. */
    static ProtocolSelector supported(String... supported) {
        List<String> ours = List.of(supported);
        return (offered, info) -> offered.stream().filter(ours::contains).findFirst().orElse(null);
    }
}
