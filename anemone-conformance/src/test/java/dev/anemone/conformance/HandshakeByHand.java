package dev.anemone.conformance;

import dev.anemone.protocol.AcceptKey;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The opening handshake (RFC 6455 section 4) written out by hand, for the peer in either role. */
final class HandshakeByHand {

    /** A request or status line and its header fields, names lower-cased, repeated ones joined by ", ". */
    record Head(String startLine, Map<String, String> fields) {
        String field(String name) {
            return fields.get(name.toLowerCase(Locale.ROOT));
        }

        boolean hasToken(String name, String token) {
            String value = field(name);
            if (value == null) {
                return false;
            }
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
            return false;
        }
    }

    private HandshakeByHand() {
    }

    /**
     * The peer is the client: sends a request for {@code path}, offering {@code deflateOffer}
     * (null: no extension), with {@code key} (see {@link #newKey}), in the same write as the
     * frames of {@code alongside}, and checks the 101. Returns the server's permessage-deflate answer,
     * or null when it agreed none.
     */
    static String asClient(RawPeer peer, String hostAndPort, String path, String deflateOffer, String key,
                           List<Step> alongside) throws IOException {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostAndPort).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (deflateOffer != null) {
            request.append("Sec-WebSocket-Extensions: ").append(deflateOffer).append("\r\n");
        }
        request.append("\r\n");
        sendWith(peer, request.toString(), alongside);
        Head response = readHead(peer.in());
        check(response.startLine().startsWith("HTTP/1.1 101"), "status 101", response);
        check(response.hasToken("Upgrade", "websocket"), "Upgrade: websocket", response);
        check(response.hasToken("Connection", "upgrade"), "Connection: Upgrade", response);
        check(AcceptKey.of(key).equals(response.field("Sec-WebSocket-Accept")), "Sec-WebSocket-Accept " + AcceptKey.of(key), response);
        String extensions = response.field("Sec-WebSocket-Extensions");
        if (extensions != null) {
            check(deflateOffer != null, "no extension, as none was offered", response);
            check(!extensions.contains(","), "a single extension element", response);
        }
        return extensions;
    }

    /**
     * The peer is the server: reads the client's request, checks it, and answers 101 with
     * {@code deflateAnswer} (null: agree no extension), in the same write as the frames of
     * {@code alongside}. Returns the request.
     */
    static Head asServer(RawPeer peer, String deflateAnswer, List<Step> alongside) throws IOException {
        Head request = readHead(peer.in());
        check(request.startLine().startsWith("GET ") && request.startLine().endsWith(" HTTP/1.1"), "GET ... HTTP/1.1", request);
        check(request.hasToken("Upgrade", "websocket"), "Upgrade: websocket", request);
        check(request.hasToken("Connection", "upgrade"), "Connection: Upgrade", request);
        check("13".equals(request.field("Sec-WebSocket-Version")), "Sec-WebSocket-Version: 13", request);
        String key = request.field("Sec-WebSocket-Key");
        check(key != null && Base64.getDecoder().decode(key).length == 16, "a 16-byte Sec-WebSocket-Key", request);
        check(request.field("Host") != null, "a Host field", request);
        if (deflateAnswer != null) {
            String offers = request.field("Sec-WebSocket-Extensions");
            check(offers != null && offers.toLowerCase(Locale.ROOT).contains("permessage-deflate"),
                    "an offer of permessage-deflate", request);
        }
        StringBuilder response = new StringBuilder()
                .append("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(AcceptKey.of(key)).append("\r\n");
        if (deflateAnswer != null) {
            response.append("Sec-WebSocket-Extensions: ").append(deflateAnswer).append("\r\n");
        }
        response.append("\r\n");
        sendWith(peer, response.toString(), alongside);
        return request;
    }

    /** Sends a head and the frames of {@code alongside} in one write. */
    private static void sendWith(RawPeer peer, String head, List<Step> alongside) throws IOException {
        peer.hold();
        peer.writeRaw(head.getBytes(StandardCharsets.ISO_8859_1));
        alongside.forEach(peer::send);
        peer.release();
        if (peer.writeFailure() != null) {
            throw new IOException("handshake not sent: " + peer.writeFailure());
        }
    }

    /** A fresh Sec-WebSocket-Key, unique within the run: base64 of 16 bytes holding a clock and a counter. */
    static String newKey(long counter) {
        byte[] nonce = ByteBuffer.allocate(16).putLong(System.nanoTime()).putLong(counter).array();
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Reads a head up to its blank line, byte by byte, so nothing after it is consumed. */
    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the handshake after: " + bytes);
            }
            if (bytes.size() > 16 * 1024) {
                throw new IOException("handshake head over 16 KiB");
            }
            bytes.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        return new Head(lines[0], fields);
    }

    private static void check(boolean condition, String expected, Head head) {
        if (!condition) {
            throw new AssertionError("handshake: expected " + expected + " in " + head);
        }
    }
}
