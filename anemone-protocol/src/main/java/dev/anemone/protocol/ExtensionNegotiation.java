package dev.anemone.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the negotiators of a server or client over the {@code Sec-WebSocket-Extensions} elements of
 * a handshake, keeping every rule about offers and answers in one place.
 *
 * @param header the value for the server's {@code Sec-WebSocket-Extensions} header, or null for none
 * @param agreed what was agreed, in order
 */
public record ExtensionNegotiation(String header, List<AgreedExtension> agreed) {

    /** Nothing agreed. */
    public static final ExtensionNegotiation NONE = new ExtensionNegotiation(null, List.of());

    /**
     * Server: for each negotiator, accepts the first of the client's offers for it that it can
     * (RFC 7692 section 5: offers are tried in the client's order of preference). A malformed
     * element is skipped, as is an extension we do not know. Two extensions wanting the same
     * reserved bit cannot both be agreed: the later one is left out.
     */
    public static ExtensionNegotiation serverSide(List<String> offers, List<ExtensionNegotiator> negotiators) {
        if (offers.isEmpty() || negotiators.isEmpty()) {
            return NONE;
        }
        List<AgreedExtension> agreed = new ArrayList<>();
        List<String> elements = new ArrayList<>();
        int usedBits = 0;
        for (ExtensionNegotiator negotiator : negotiators) {
            for (String element : offers) {
                Optional<ExtensionParameters> offer = parseQuietly(element);
                if (offer.isEmpty() || !offer.get().name().equalsIgnoreCase(negotiator.name())) {
                    continue;
                }
                Optional<AgreedExtension> accepted = negotiator.serverAccept(offer.get());
                if (accepted.isPresent() && (accepted.get().reservedBits() & usedBits) == 0) {
                    usedBits |= accepted.get().reservedBits();
                    agreed.add(accepted.get());
                    elements.add(accepted.get().responseElement());
                    break;
                }
            }
        }
        return agreed.isEmpty() ? NONE : new ExtensionNegotiation(String.join(", ", elements), List.copyOf(agreed));
    }

    /** Client: every offer of every negotiator, in order. */
    public static List<String> clientOffers(List<ExtensionNegotiator> negotiators) {
        List<String> offers = new ArrayList<>();
        for (ExtensionNegotiator negotiator : negotiators) {
            offers.addAll(negotiator.clientOffers());
        }
        return offers;
    }

    /**
     * Client: checks the server's answer.
     *
     * @throws HandshakeException when the server accepted something we did not offer, accepted an
     *     extension twice, or answered in a way its negotiator refuses
     */
    public static ExtensionNegotiation clientSide(List<String> answers, List<ExtensionNegotiator> negotiators)
            throws HandshakeException {
        if (answers.isEmpty()) {
            return NONE;
        }
        List<AgreedExtension> agreed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String element : answers) {
            ExtensionParameters answer = parseQuietly(element).orElseThrow(() ->
                    new HandshakeException(0, "Malformed Sec-WebSocket-Extensions element from the server: " + element));
            ExtensionNegotiator negotiator = negotiators.stream()
                    .filter(candidate -> candidate.name().equalsIgnoreCase(answer.name()))
                    .findFirst()
                    .orElseThrow(() -> new HandshakeException(0,
                            "Server accepted extension '" + answer.name() + "', which was not offered"));
            if (!seen.add(negotiator.name())) {
                throw new HandshakeException(0, "Server accepted extension '" + answer.name() + "' twice");
            }
            agreed.add(negotiator.clientConfirm(answer));
        }
        return new ExtensionNegotiation(String.join(", ", answers), List.copyOf(agreed));
    }

    /**
     * The per-connection codec of the first agreed extension, or null when none was agreed: one
     * extension may own RSV1 at a time.
     */
    public MessageCodec newCodec(Role role) {
        return agreed.isEmpty() ? null : agreed.get(0).newCodec(role);
    }

    /** The agreed elements, as {@code WebSocket.extensions()} reports them. */
    public List<String> elements() {
        List<String> elements = new ArrayList<>();
        for (AgreedExtension extension : agreed) {
            elements.add(extension.responseElement());
        }
        return elements;
    }

    private static Optional<ExtensionParameters> parseQuietly(String element) {
        try {
            return Optional.of(ExtensionParameters.parse(element));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
