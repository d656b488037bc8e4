package dev.anemone.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Negotiates permessage-deflate (RFC 7692 section 7.1) for a server or a client with the given
 * {@link DeflateOptions}. One instance serves every connection of its server or client: it holds
 * the shared pool of idle inflaters and deflaters and the count of connections keeping a context.
 */
public final class PerMessageDeflate implements ExtensionNegotiator {

    /** The extension's registered name. */
    public static final String NAME = "permessage-deflate";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private final DeflateOptions options;
    private final ZlibPool pool;
    private final AtomicInteger contexts = new AtomicInteger();
    /** Compresses once for every connection without context takeover at the server's own window size. */
    private final SharedDeflate shared;

    /** A negotiator with {@code options}. */
    public PerMessageDeflate(DeflateOptions options) {
        this.options = options;
        this.pool = new ZlibPool(options.level(), 64);
        this.shared = new SharedDeflate(pool, options.threshold(), options.serverMaxWindowBits());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** How many connections keep a compression context now. */
    public int contextsHeld() {
        return contexts.get();
    }

    /**
     * Compresses a message once for the server's connections that agreed to no context takeover
     * at the server's window size, which is every one without context takeover unless a client
     * asked for a smaller window.
     */
    @Override
    public SharedEncoder sharedEncoder() {
        return shared;
    }

    @Override
    public List<String> clientOffers() {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        if (options.serverNoContextTakeover()) {
            names.add(SERVER_NO_CONTEXT_TAKEOVER);
            values.add(null);
        }
        if (options.clientNoContextTakeover()) {
            names.add(CLIENT_NO_CONTEXT_TAKEOVER);
            values.add(null);
        }
        if (options.serverMaxWindowBits() < 15) {
            names.add(SERVER_MAX_WINDOW_BITS);
            values.add(Integer.toString(options.serverMaxWindowBits()));
        }
        // We can honour any window the server asks of us, so we always say so.
        names.add(CLIENT_MAX_WINDOW_BITS);
        values.add(options.clientMaxWindowBits() < 15 ? Integer.toString(options.clientMaxWindowBits()) : null);
        return List.of(new ExtensionParameters(NAME, names, values).toString());
    }

    @Override
    public Optional<AgreedExtension> serverAccept(ExtensionParameters offer) {
        Parameters asked;
        try {
            asked = Parameters.read(offer, true);
        } catch (IllegalArgumentException malformed) {
            // RFC 7692 section 5: a server declines an offer it cannot parse.
            return Optional.empty();
        }
        boolean keepsContext = !options.clientNoContextTakeover() || !options.serverNoContextTakeover();
        boolean overLimit = keepsContext && contexts.get() >= options.maxContexts();
        boolean serverNoContext = asked.serverNoContextTakeover || options.serverNoContextTakeover() || overLimit;
        boolean clientNoContext = asked.clientNoContextTakeover || options.clientNoContextTakeover() || overLimit;
        int serverBits = Math.min(asked.serverMaxWindowBits == null ? 15 : asked.serverMaxWindowBits,
                options.serverMaxWindowBits());
        // Section 7.1.2.1: an offer's server_max_window_bits is accepted by answering with it.
        boolean answerServerBits = asked.serverMaxWindowBits != null || serverBits < 15;
        Integer clientBits = null;
        if (asked.clientMaxWindowBitsOffered) {
            int limit = Math.min(asked.clientMaxWindowBits == null ? 15 : asked.clientMaxWindowBits, options.clientMaxWindowBits());
            clientBits = limit < 15 ? limit : null;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        if (serverNoContext) {
            names.add(SERVER_NO_CONTEXT_TAKEOVER);
            values.add(null);
        }
        if (clientNoContext) {
            names.add(CLIENT_NO_CONTEXT_TAKEOVER);
            values.add(null);
        }
        if (answerServerBits) {
            names.add(SERVER_MAX_WINDOW_BITS);
            values.add(Integer.toString(serverBits));
        }
        if (clientBits != null) {
            names.add(CLIENT_MAX_WINDOW_BITS);
            values.add(clientBits.toString());
        }
        String response = new ExtensionParameters(NAME, names, values).toString();
        return Optional.of(new Agreement(response, !clientNoContext, !serverNoContext, serverBits));
    }

    @Override
    public AgreedExtension clientConfirm(ExtensionParameters response) throws HandshakeException {
        Parameters answer;
        try {
            answer = Parameters.read(response, false);
        } catch (IllegalArgumentException malformed) {
            throw new HandshakeException(0, "Bad permessage-deflate answer: " + malformed.getMessage());
        }
        if (options.serverNoContextTakeover() && !answer.serverNoContextTakeover) {
            throw new HandshakeException(0, "The server did not accept server_no_context_takeover, which was asked for");
        }
        if (options.serverMaxWindowBits() < 15
                && (answer.serverMaxWindowBits == null || answer.serverMaxWindowBits > options.serverMaxWindowBits())) {
            throw new HandshakeException(0, "The server did not accept server_max_window_bits=" + options.serverMaxWindowBits());
        }
        int clientBits = answer.clientMaxWindowBits == null ? options.clientMaxWindowBits() : answer.clientMaxWindowBits;
        if (clientBits > options.clientMaxWindowBits()) {
            throw new HandshakeException(0, "The server answered client_max_window_bits=" + clientBits
                    + ", above the " + options.clientMaxWindowBits() + " offered");
        }
        boolean clientNoContext = answer.clientNoContextTakeover || options.clientNoContextTakeover();
        return new Agreement(response.toString(), !answer.serverNoContextTakeover, !clientNoContext, clientBits);
    }

    /** The four parameters of an offer or answer, checked (RFC 7692 section 7.1). */
    private static final class Parameters {
        boolean serverNoContextTakeover;
        boolean clientNoContextTakeover;
        Integer serverMaxWindowBits;
        Integer clientMaxWindowBits;
        boolean clientMaxWindowBitsOffered;

        /** @throws IllegalArgumentException for an unknown or repeated parameter or a bad value */
        static Parameters read(ExtensionParameters element, boolean isOffer) {
            Parameters parameters = new Parameters();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < element.names().size(); i++) {
                String name = element.names().get(i);
                String value = element.values().get(i);
                if (seen.contains(name)) {
                    throw new IllegalArgumentException("repeated parameter " + name);
                }
                seen.add(name);
                switch (name) {
                    case SERVER_NO_CONTEXT_TAKEOVER:
                        parameters.serverNoContextTakeover = noValue(name, value);
                        break;
                    case CLIENT_NO_CONTEXT_TAKEOVER:
                        parameters.clientNoContextTakeover = noValue(name, value);
                        break;
                    case SERVER_MAX_WINDOW_BITS:
                        parameters.serverMaxWindowBits = windowBits(name, value);
                        break;
                    case CLIENT_MAX_WINDOW_BITS:
                        // Only an offer may carry it without a value (section 7.1.2.2).
                        parameters.clientMaxWindowBitsOffered = true;
                        parameters.clientMaxWindowBits = value == null && isOffer ? null : windowBits(name, value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown parameter " + name);
                }
            }
            return parameters;
        }

        private static boolean noValue(String name, String value) {
            if (value != null) {
                throw new IllegalArgumentException(name + " takes no value");
            }
            return true;
        }

        private static int windowBits(String name, String value) {
            if (value == null || value.length() > 2 || !value.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(name + " needs a value from 8 to 15, not " + value);
            }
            int bits = Integer.parseInt(value);
            if (bits < 8 || bits > 15) {
                throw new IllegalArgumentException(name + " needs a value from 8 to 15, not " + value);
            }
            return bits;
        }
    }

    /** What one connection agreed; counts against the context bound while it keeps a context. */
    private final class Agreement implements AgreedExtension {
        private final String responseElement;
        private final boolean keepInflateContext;
        private final boolean keepDeflateContext;
        private final int deflateWindowBits;

        /**
         * @param keepInflateContext whether the peer keeps its context, so our inflater must too
         * @param keepDeflateContext whether we may keep our deflater's context
         */
        Agreement(String responseElement, boolean keepInflateContext, boolean keepDeflateContext,
                  int deflateWindowBits) {
            this.responseElement = responseElement;
            this.keepInflateContext = keepInflateContext;
            this.keepDeflateContext = keepDeflateContext;
            this.deflateWindowBits = deflateWindowBits;
        }

        @Override
        public String responseElement() {
            return responseElement;
        }

        @Override
        public int reservedBits() {
            return FrameHeader.RSV1;
        }

        @Override
        public MessageCodec newCodec(Role role) {
            boolean holdsContext = keepInflateContext || keepDeflateContext;
            if (holdsContext) {
                contexts.incrementAndGet();
            }
            Runnable onRelease = holdsContext ? contexts::decrementAndGet : () -> { };
            SharedEncoder sameForAll = deflateWindowBits == shared.windowBits() ? shared : null;
            return new DeflateCodec(pool, options.threshold(), keepInflateContext, keepDeflateContext,
                    deflateWindowBits, onRelease, sameForAll);
        }
    }
}
