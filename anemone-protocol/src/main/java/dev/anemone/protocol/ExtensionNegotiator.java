package dev.anemone.protocol;

import java.util.List;
import java.util.Optional;

/**
 * One extension's side of the opening handshake (RFC 6455 section 9): what a client offers, what
 * a server accepts, and what a client makes of the server's answer. Negotiation only; what runs
 * on each connection afterwards is the {@link MessageCodec} an {@link AgreedExtension} makes.
 * Implementations hold configuration, never per-connection state.
 */
public interface ExtensionNegotiator {

    /** The extension's registered name, such as {@code permessage-deflate}. */
    String name();

    /** Client: the offers to send, most preferred first, each one {@code Sec-WebSocket-Extensions} element. */
    List<String> clientOffers();

    /**
     * Server: accepts one offer, or declines it (empty) when it is malformed or asks for
     * something this server cannot do, so the next offer can be tried.
     */
    Optional<AgreedExtension> serverAccept(ExtensionParameters offer);

    /**
     * Client: checks the server's answer to our offers.
     *
     * @throws HandshakeException when the answer is malformed or not something we offered; the
     *     connection then fails
     */
    AgreedExtension clientConfirm(ExtensionParameters response) throws HandshakeException;

    /**
     * Server: the encoder that the codecs of most connections agreeing to this extension share
     * (see {@link MessageCodec#sharedEncoder()}), so that a message published to many of them is
     * encoded once; or null (the default) when the extension has none.
     */
    default SharedEncoder sharedEncoder() {
        return null;
    }
}
