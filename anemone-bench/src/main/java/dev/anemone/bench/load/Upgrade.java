package dev.anemone.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's side of the opening handshake (RFC 6455 section 4.1): the GET request, and the
 * check of the server's answer (101, the accept key, the extension it agreed to).
 */
public final class Upgrade {

    /** Offers permessage-deflate with no context kept on either side: every message stands alone. */
    public static final String DEFLATE_NO_CONTEXT =
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover";
    /** Offers permessage-deflate and lets the server keep its compression contexts. */
    public static final String DEFLATE_WITH_CONTEXT = "permessage-deflate";

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String key;
    private final byte[] request;

    /**
     * @param extensions the {@code Sec-WebSocket-Extensions} offer, or null for none
     */
    public Upgrade(String host, int port, String path, String extensions) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder head = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (extensions != null) {
            head.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        }
        request = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The request's bytes. */
    public byte[] request() {
        return request;
    }

    /** The position just past the blank line ending a response head in {@code data[0, length)}, or -1. */
    public static int headEnd(byte[] data, int length) {
        for (int i = 3; i < length; i++) {
            if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Checks a whole response head.
     *
     * @return what was agreed
     * @throws IllegalStateException naming what is wrong: not 101, a missing or wrong accept key
     */
    public Agreed check(byte[] data, int headLength) {
        String head = new String(data, 0, headLength, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("not upgraded: " + (lines.length == 0 ? "" : lines[0]));
        }
        String accept = null;
        String extensions = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("sec-websocket-accept")) {
                accept = value;
            } else if (name.equals("sec-websocket-extensions")) {
                extensions = extensions == null ? value : extensions + ", " + value;
            }
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new IllegalStateException("wrong Sec-WebSocket-Accept: " + accept);
        }
        boolean deflate = extensions != null && extensions.toLowerCase(Locale.ROOT).contains("permessage-deflate");
        boolean serverKeepsContext = deflate
                && !extensions.toLowerCase(Locale.ROOT).contains("server_no_context_takeover");
        return new Agreed(deflate, serverKeepsContext);
    }

    /** What the server agreed to in its 101. */
    public record Agreed(boolean deflate, boolean serverKeepsContext) {
    }

    /** The accept key a server must answer {@code key} with (section 4.2.2). */
    static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-1", e);
        }
    }
}
