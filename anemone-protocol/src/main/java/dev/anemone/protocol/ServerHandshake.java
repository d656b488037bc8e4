package dev.anemone.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's half of the opening handshake (RFC 6455 section 4.2): check a request, then answer
 * with a 101 or a precise refusal.
 */
public final class ServerHandshake {

    private ServerHandshake() {
    }

    /**
     * Whether a request asks to switch to WebSocket; anything else, including other upgrades such
     * as {@code h2c} that HTTP clients offer on their own, is plain HTTP.
     */
    public static boolean isUpgradeRequest(HttpRequestHead request) {
        return request.headers().containsToken("Upgrade", "websocket");
    }

    /**
     * Checks an opening handshake.
     *
     * @throws HandshakeException carrying the answer: 405 for a method other than GET, 400 for an
     *     HTTP version that is not {@code HTTP/<digit>.<digit>}, 505 for HTTP/1.0 and for any major
     *     version other than 1 (HTTP/1.1 and later 1.x pass), 426 with
     *     {@code Sec-WebSocket-Version: 13} for another WebSocket version, and 400 naming the header
     *     for anything else missing or malformed
     */
    public static OpeningRequest check(HttpRequestHead request) throws HandshakeException {
        HttpHeaders headers = request.headers();
        if (!request.method().equals("GET")) {
            throw new HandshakeException(405, "A WebSocket handshake must use GET, not " + request.method(),
                    new HttpHeaders().add("Allow", "GET"), null);
        }
        // The version as numbers (RFC 9112 section 2.3), never as text: as text, HTTP/2.0 and
        // HTTP/1.10 both sort after HTTP/1.1.
        int major = request.majorVersion();
        if (major < 0) {
            throw new HandshakeException(400, "Malformed HTTP version: expected HTTP/1.1");
        }
        if (major != 1 || request.minorVersion() < 1) {
            throw new HandshakeException(505, "A WebSocket handshake needs HTTP/1.1, not " + request.version());
        }
        if (headers.count("Host") != 1 || headers.get("Host").isEmpty()) {
            throw new HandshakeException(400, "Missing or repeated Host header");
        }
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw new HandshakeException(400, "Missing or bad Upgrade header: expected 'websocket'");
        }
        if (!headers.containsToken("Connection", "upgrade")) {
            throw new HandshakeException(400, "Missing or bad Connection header: expected 'Upgrade'");
        }
        String version = headers.get("Sec-WebSocket-Version");
        if (version == null) {
            throw new HandshakeException(400, "Missing Sec-WebSocket-Version header");
        }
        if (headers.count("Sec-WebSocket-Version") != 1 || !version.equals("13")) {
            throw new HandshakeException(426, "Unsupported Sec-WebSocket-Version: only 13 is supported",
                    new HttpHeaders().add("Sec-WebSocket-Version", "13"), null);
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (headers.count("Sec-WebSocket-Key") != 1 || !AcceptKey.isWellFormed(key)) {
            throw new HandshakeException(400, "Missing or bad Sec-WebSocket-Key header: expected base64 of 16 bytes");
        }
        if (hasBody(headers)) {
            throw new HandshakeException(400, "A WebSocket handshake has no body: bad Content-Length or Transfer-Encoding header");
        }
        List<String> protocols = headers.elements("Sec-WebSocket-Protocol");
        Set<String> seen = new HashSet<>();
        for (String protocol : protocols) {
            if (!HttpHeaders.isToken(protocol) || !seen.add(protocol)) {
                throw new HandshakeException(400, "Bad Sec-WebSocket-Protocol header: subprotocols must be distinct tokens");
            }
        }
        return new OpeningRequest(request, key, protocols, headers.elements("Sec-WebSocket-Extensions"));
    }

    private static boolean hasBody(HttpHeaders headers) {
        String length = headers.get("Content-Length");
        return headers.get("Transfer-Encoding") != null
                || (length != null && !length.equals("0"));
    }

    /**
     * The 101 answer.
     *
     * @param protocol the subprotocol chosen, which must be one the client offered, or null for none
     * @param extensions the {@code Sec-WebSocket-Extensions} value negotiated, or null for none
     * @param extraHeaders more fields to send (such as {@code Set-Cookie}), or null
     */
    public static byte[] accept(OpeningRequest request, String protocol, String extensions, HttpHeaders extraHeaders) {
        if (protocol != null && !request.protocols().contains(protocol)) {
            throw new IllegalArgumentException("Subprotocol '" + protocol + "' was not offered; offered: " + request.protocols());
        }
        HttpHeadWriter head = new HttpHeadWriter("HTTP/1.1 101 Switching Protocols")
                .field("Upgrade", "websocket")
                .field("Connection", "Upgrade")
                .field("Sec-WebSocket-Accept", AcceptKey.of(request.key()));
        if (protocol != null) {
            head.field("Sec-WebSocket-Protocol", protocol);
        }
        if (extensions != null && !extensions.isEmpty()) {
            head.field("Sec-WebSocket-Extensions", extensions);
        }
        return head.fields(extraHeaders).toBytes();
    }

    /** The answer to a refused handshake: its status, headers, and its message as a plain-text body. */
    public static byte[] reject(HandshakeException refusal) {
        return reject(refusal.status(), refusal.getMessage(), refusal.headers());
    }

    /** A refusal with {@code status}, {@code message} as its plain-text body, and extra headers. */
    public static byte[] reject(int status, String message, HttpHeaders extraHeaders) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = new HttpHeadWriter(HttpStatus.statusLine(status))
                .field("Content-Type", "text/plain; charset=utf-8")
                .field("Content-Length", Integer.toString(body.length))
                .field("Connection", "close")
                .fields(extraHeaders)
                .toBytes();
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }
}
