package dev.anemone.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The client's half of the opening handshake (RFC 6455 section 4.1): build the request with a
 * fresh key, then check the server's answer. Any mismatch fails the connection with a reason
 * naming it.
 */
public final class ClientHandshake {

    /** Headers the handshake sets itself; callers may not supply them. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
            "sec-websocket-protocol", "sec-websocket-extensions");

    private final WebSocketUri uri;
    private final List<String> protocols;
    private final List<String> extensionOffers;
    private final HttpHeaders extraHeaders;
    private final String key;

    /**
     * @param protocols subprotocols to offer, most preferred first; each an HTTP token
     * @param extensionOffers extension offers, each an element of {@code Sec-WebSocket-Extensions}
     * @param extraHeaders more fields, such as Origin, Cookie or Authorization
     * @param random where the 16-byte key comes from
     * @throws IllegalArgumentException for a subprotocol that is not a token or repeats, or an
     *     extra header the handshake sets itself
     */
    public ClientHandshake(WebSocketUri uri, List<String> protocols, List<String> extensionOffers,
                           HttpHeaders extraHeaders, RandomGenerator random) {
        this.uri = uri;
        this.protocols = List.copyOf(protocols);
        this.extensionOffers = List.copyOf(extensionOffers);
        this.extraHeaders = extraHeaders == null ? new HttpHeaders() : extraHeaders;
        Set<String> seen = new HashSet<>();
        for (String protocol : this.protocols) {
            if (!HttpHeaders.isToken(protocol) || !seen.add(protocol)) {
                throw new IllegalArgumentException("Subprotocols must be distinct tokens: '" + protocol + "'");
            }
        }
        for (int i = 0; i < this.extraHeaders.size(); i++) {
            if (RESERVED_HEADERS.contains(this.extraHeaders.name(i).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("The handshake sets " + this.extraHeaders.name(i) + " itself");
            }
        }
        this.key = AcceptKey.newKey(random);
    }

    /** The {@code Sec-WebSocket-Key} sent. */
    public String key() {
        return key;
    }

    /** The request's bytes. */
    public byte[] request() {
        HttpHeadWriter head = new HttpHeadWriter("GET " + uri.resourceName() + " HTTP/1.1")
                .field("Host", uri.hostHeader())
                .field("Upgrade", "websocket")
                .field("Connection", "Upgrade")
                .field("Sec-WebSocket-Key", key)
                .field("Sec-WebSocket-Version", "13");
        if (!protocols.isEmpty()) {
            head.field("Sec-WebSocket-Protocol", String.join(", ", protocols));
        }
        if (!extensionOffers.isEmpty()) {
            head.field("Sec-WebSocket-Extensions", String.join(", ", extensionOffers));
        }
        return head.fields(extraHeaders).toBytes();
    }

    /**
     * Checks the server's answer.
     *
     * @throws HandshakeException for a status other than 101 (with that status and the headers;
     *     attach the body with {@link HandshakeException#withBody}), or for a 101 with a missing
     *     or wrong Upgrade, Connection or Sec-WebSocket-Accept, a subprotocol that was not offered,
     *     or an extension that was not offered (status 0 then)
     */
    public HandshakeResult check(HttpResponseHead response) throws HandshakeException {
        HttpHeaders headers = response.headers();
        if (response.status() != 101) {
            throw new HandshakeException(response.status(),
                    "Server answered " + response.status() + " " + response.reason() + " instead of 101", headers, null);
        }
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw new HandshakeException(0, "Missing or bad Upgrade header in the server's 101");
        }
        if (!headers.containsToken("Connection", "upgrade")) {
            throw new HandshakeException(0, "Missing or bad Connection header in the server's 101");
        }
        String accept = headers.get("Sec-WebSocket-Accept");
        if (accept == null || !accept.equals(AcceptKey.of(key))) {
            throw new HandshakeException(0, "Missing or wrong Sec-WebSocket-Accept: expected " + AcceptKey.of(key)
                    + ", got " + accept);
        }
        List<String> chosen = headers.elements("Sec-WebSocket-Protocol");
        if (chosen.size() > 1 || (chosen.size() == 1 && !protocols.contains(chosen.get(0)))) {
            throw new HandshakeException(0, "Server chose subprotocol " + chosen + ", which was not offered; offered: " + protocols);
        }
        List<String> extensions = headers.elements("Sec-WebSocket-Extensions");
        for (String extension : extensions) {
            String name = ExtensionParameters.nameOf(extension);
            if (extensionOffers.stream().noneMatch(offer -> ExtensionParameters.nameOf(offer).equalsIgnoreCase(name))) {
                throw new HandshakeException(0, "Server accepted extension '" + name + "', which was not offered");
            }
        }
        return new HandshakeResult(chosen.isEmpty() ? null : chosen.get(0), extensions, headers);
    }
}
