package dev.anemone;

import dev.anemone.protocol.CookieHeader;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A plain HTTP request that arrived on the server's port (anything that is not a WebSocket
 * upgrade), its body read whole: bodies are bounded by the server's {@code maxRequestBodySize}
 * (1 MiB by default; past it the client gets 413 and the handler never runs). Immutable.
 */
public final class HttpRequest {

    private final HttpRequestHead head;
    private final byte[] body;
    private final InetSocketAddress remoteAddress;
    private final InetAddress clientAddress;
    private final Map<String, String> pathParameters;

    /** A request with its head, its body (not copied: it must not change), and the client's address. */
    public HttpRequest(HttpRequestHead head, byte[] body, InetSocketAddress remoteAddress) {
        this(head, body, remoteAddress, remoteAddress == null ? null : remoteAddress.getAddress(), Map.of());
    }

    private HttpRequest(HttpRequestHead head, byte[] body, InetSocketAddress remoteAddress, InetAddress clientAddress,
                        Map<String, String> pathParameters) {
        this.head = Objects.requireNonNull(head);
        this.body = body == null ? new byte[0] : body;
        this.remoteAddress = remoteAddress;
        this.clientAddress = clientAddress;
        this.pathParameters = pathParameters;
    }

    /** The request line and header fields as they came. */
    public HttpRequestHead head() {
        return head;
    }

    /** The method, such as GET; methods are case-sensitive. */
    public String method() {
        return head.method();
    }

    /** The path, still percent-encoded as sent, without the query. */
    public String path() {
        return head.path();
    }

    /** The query string without '?', still encoded, or null. */
    public String rawQuery() {
        return head.query();
    }

    /** The query's parameters, decoded. */
    public Parameters query() {
        return Parameters.parse(head.query());
    }

    /** The header fields. */
    public HttpHeaders headers() {
        return head.headers();
    }

    /** The first value of the header field {@code name} (any case), or null. */
    public String header(String name) {
        return head.headers().get(name);
    }

    /** The cookies the client sent, by name (the first wins when a name repeats). */
    public Map<String, String> cookies() {
        return CookieHeader.parse(head.headers());
    }

    /** The cookie called {@code name}, or null. */
    public String cookie(String name) {
        return cookies().get(name);
    }

    /**
     * The address of the connection's peer: the client's, or a reverse proxy's. See
     * {@link #clientAddress()} for the client behind a trusted proxy.
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The client's address as the server's per-address limits count it: for a request from a
     * {@link WebSocketServer.Builder#trustedProxies trusted proxy}, the address the proxy
     * forwards ({@code Forwarded}, else {@code X-Forwarded-For}, rightmost untrusted hop);
     * otherwise the peer's, as {@link #remoteAddress()} has it. Handlers that count or limit
     * clients by address (as SockJS counts sessions) take this one.
     */
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The body's bytes, a copy; empty when there is none. */
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /**
     * The body as text, in the charset its {@code Content-Type} names, UTF-8 when it names none
     * or one this JVM does not know (JSON is always UTF-8).
     */
    public String bodyText() {
        return new String(body, charset());
    }

    /**
     * The fields of a form post ({@code Content-Type: application/x-www-form-urlencoded}, as an
     * HTML form sends them), decoded; none for any other body. Multipart forms are not read.
     */
    public Parameters form() {
        if (!"application/x-www-form-urlencoded".equals(mediaType())) {
            return Parameters.none();
        }
        return Parameters.parse(new String(body, StandardCharsets.ISO_8859_1));
    }

    /** The media type of the body, lower case without parameters ({@code application/json}), or null. */
    public String mediaType() {
        String type = header("Content-Type");
        if (type == null) {
            return null;
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private Charset charset() {
        String type = header("Content-Type");
        int at = type == null ? -1 : type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = type.substring(at + "charset=".length()).split(";", 2)[0].strip().replace("\"", "");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The values a route's path template took from this path ({@code /rooms/{room}}), decoded, by name. */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** The value the path template's {@code {name}} took, or null. */
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** The same request with the values of a matched path template, as {@link HttpRoutes} hands it on. */
    public HttpRequest withPathParameters(Map<String, String> values) {
        return new HttpRequest(head, body, remoteAddress, clientAddress, Map.copyOf(values));
    }

    /** The same request with {@code client} as its {@link #clientAddress()}, as the server hands on one from a trusted proxy. */
    public HttpRequest withClientAddress(InetAddress client) {
        return new HttpRequest(head, body, remoteAddress, Objects.requireNonNull(client, "client"), pathParameters);
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target() + " from " + remoteAddress;
    }
}
