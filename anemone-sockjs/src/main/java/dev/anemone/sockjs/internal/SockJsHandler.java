package dev.anemone.sockjs.internal;

import dev.anemone.HttpExchange;
import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.protocol.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers every plain HTTP request under a SockJS prefix, as the protocol lays the URLs out: the
 * greeting, {@code /info}, the iframe page, and {@code /{server}/{session}/{transport}} for each
 * HTTP transport. WebSocket upgrades never get here (the server's endpoints take them); a plain
 * GET of a WebSocket URL gets the protocol's 400.
 */
public final class SockJsHandler implements HttpHandler {

    private static final Pattern IFRAME = Pattern.compile("/iframe[0-9\\-.a-z_]*\\.html");
    // Neither the server nor the session part may hold a dot, so that /info and /iframe.html stay apart.
    private static final Pattern SESSION_URL = Pattern.compile("/([^/.]+)/([^/.]+)/([^/]+)/?");
    private static final Pattern CALLBACK = Pattern.compile("[a-zA-Z0-9\\-_.]{1,32}");
    private static final String XHR_STREAMING_PRELUDE = "h".repeat(2048) + "\n";

    private final SockJsContext context;
    private final IframePage iframe;
    private final SecureRandom entropy = new SecureRandom();

    /** A handler for the service whose sessions share {@code context}. */
    public SockJsHandler(SockJsContext context) {
        this.context = context;
        this.iframe = new IframePage(context.options().sockjsUrl());
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) {
        String path = request.path();
        if (!path.startsWith(context.prefix())) {
            exchange.respond(notFound());
            return;
        }
        String rest = path.substring(context.prefix().length());
        String method = request.method();
        if (rest.isEmpty() || rest.equals("/")) {
            answer(exchange, method, "GET", () -> HttpResponse.of(200, ResponseHeaders.PLAIN, bytes("Welcome to SockJS!\n")));
        } else if (rest.equals("/info") || rest.equals("/info/")) {
            info(request, exchange);
        } else if (IFRAME.matcher(rest).matches()) {
            answer(exchange, method, "GET", () -> iframe(request));
        } else if (rest.equals("/websocket") || rest.equals("/websocket/")) {
            websocketWithoutUpgrade(request, exchange);
        } else {
            Matcher session = SESSION_URL.matcher(rest);
            if (session.matches()) {
                transport(request, exchange, session.group(2), session.group(3));
            } else {
                exchange.respond(notFound());
            }
        }
    }

    private interface Answer {
        HttpResponse make();
    }

    private static void answer(HttpExchange exchange, String method, String allowed, Answer answer) {
        exchange.respond(method.equals(allowed) || (method.equals("HEAD") && allowed.equals("GET"))
                ? answer.make() : methodNotAllowed(allowed));
    }

    // ------------------------------------------------------------ the static URLs

    private void info(HttpRequest request, HttpExchange exchange) {
        switch (request.method()) {
            case "GET", "HEAD" -> {
                HttpHeaders headers = ResponseHeaders.cors(request, ResponseHeaders.noCache(new HttpHeaders()))
                        .add("Content-Type", ResponseHeaders.JSON);
                String body = "{\"websocket\":" + context.options().websocket()
                        + ",\"origins\":[\"*:*\"],\"cookie_needed\":" + context.options().jsessionid()
                        + ",\"entropy\":" + Integer.toUnsignedLong(entropy.nextInt()) + "}";
                exchange.respond(new HttpResponse(200, headers, bytes(body)));
            }
            case "OPTIONS" -> exchange.respond(preflight(request, "OPTIONS, GET"));
            default -> exchange.respond(methodNotAllowed("OPTIONS, GET"));
        }
    }

    private HttpResponse iframe(HttpRequest request) {
        if (iframe.etag.equals(request.header("If-None-Match"))) {
            return HttpResponse.of(304);
        }
        HttpHeaders headers = ResponseHeaders.cacheForYear(new HttpHeaders())
                .add("Content-Type", ResponseHeaders.HTML)
                .add("ETag", iframe.etag);
        return new HttpResponse(200, headers, iframe.body);
    }

    private void websocketWithoutUpgrade(HttpRequest request, HttpExchange exchange) {
        if (!context.options().websocket()) {
            exchange.respond(notFound());
        } else if (!request.method().equals("GET")) {
            exchange.respond(methodNotAllowed("GET"));
        } else if (request.header("Upgrade") != null && !request.headers().containsToken("Connection", "upgrade")) {
            exchange.respond(HttpResponse.of(400, ResponseHeaders.PLAIN, bytes("\"Connection\" must be \"Upgrade\".")));
        } else {
            exchange.respond(HttpResponse.of(400, ResponseHeaders.PLAIN, bytes("Can \"Upgrade\" only to \"WebSocket\".")));
        }
    }

    // ------------------------------------------------------------ the session URLs

    private void transport(HttpRequest request, HttpExchange exchange, String sessionId, String transport) {
        String method = request.method();
        switch (transport) {
            case "xhr", "xhr_streaming", "xhr_send" -> {
                if (method.equals("OPTIONS")) {
                    exchange.respond(preflight(request, "OPTIONS, POST"));
                } else if (!method.equals("POST")) {
                    exchange.respond(methodNotAllowed("OPTIONS, POST"));
                } else if (transport.equals("xhr_send")) {
                    send(request, exchange, sessionId, request.bodyText());
                } else {
                    HttpHeaders headers = transportHeaders(request, ResponseHeaders.JAVASCRIPT);
                    receive(request, exchange, sessionId, transport.equals("xhr")
                            ? HttpReceiver.poll(exchange, headers, Framing.XHR)
                            : null, headers, XHR_STREAMING_PRELUDE, Framing.XHR);
                }
            }
            case "eventsource" -> {
                if (!method.equals("GET")) {
                    exchange.respond(methodNotAllowed("GET"));
                    return;
                }
                receive(request, exchange, sessionId, null, transportHeaders(request, ResponseHeaders.EVENT_STREAM),
                        "\r\n", Framing.EVENTSOURCE);
            }
            case "htmlfile", "jsonp" -> {
                if (!method.equals("GET")) {
                    exchange.respond(methodNotAllowed("GET"));
                    return;
                }
                String callback = request.query().get("c", request.query().get("callback"));
                if (callback == null) {
                    exchange.respond(serverError("\"callback\" parameter required"));
                } else if (!CALLBACK.matcher(callback).matches()) {
                    exchange.respond(serverError("invalid \"callback\" parameter"));
                } else if (transport.equals("htmlfile")) {
                    receive(request, exchange, sessionId, null, transportHeaders(request, ResponseHeaders.HTML),
                            IframePage.htmlfilePrelude(callback), Framing.HTMLFILE);
                } else {
                    HttpHeaders headers = transportHeaders(request, ResponseHeaders.JAVASCRIPT)
                            .add("X-Content-Type-Options", "nosniff");
                    receive(request, exchange, sessionId, HttpReceiver.poll(exchange, headers, Framing.jsonp(callback)),
                            headers, null, null);
                }
            }
            case "jsonp_send" -> {
                if (!method.equals("POST")) {
                    exchange.respond(methodNotAllowed("POST"));
                    return;
                }
                String body = "application/x-www-form-urlencoded".equals(request.mediaType())
                        ? request.form().get("d", "") : request.bodyText();
                send(request, exchange, sessionId, body);
            }
            case "websocket" -> websocketWithoutUpgrade(request, exchange);
            default -> exchange.respond(notFound());
        }
    }

    /** The headers every receiving transport answers with. */
    private HttpHeaders transportHeaders(HttpRequest request, String contentType) {
        HttpHeaders headers = ResponseHeaders.jsessionid(request, context.options().jsessionid(), new HttpHeaders());
        ResponseHeaders.noCache(headers);
        ResponseHeaders.cors(request, headers);
        return headers.add("Content-Type", contentType);
    }

    /** Opens or joins the session and hands it a receiver: {@code poll} if given, else a new stream. */
    private void receive(HttpRequest request, HttpExchange exchange, String sessionId, HttpReceiver poll,
                         HttpHeaders headers, String prelude, Framing framing) {
        Session session = context.sessions().getOrCreate(sessionId, request.clientAddress(),
                id -> new Session(id, context, new Origin(URI.create(request.head().target()), request.remoteAddress(),
                        request.clientAddress(), request.headers())));
        if (session == null) {
            exchange.respond(new HttpResponse(503, headers, bytes("Too many sessions from this address.")));
            return;
        }
        HttpReceiver receiver = poll != null ? poll
                : HttpReceiver.stream(exchange, headers, framing, prelude, context.options().responseLimit());
        receiver.attachTo(session);
    }

    /** xhr_send and jsonp_send: the messages of {@code body} go to the session, in order. */
    private void send(HttpRequest request, HttpExchange exchange, String sessionId, String body) {
        boolean xhr = request.path().endsWith("xhr_send") || request.path().endsWith("xhr_send/");
        HttpHeaders headers = ResponseHeaders.jsessionid(request, context.options().jsessionid(), new HttpHeaders());
        ResponseHeaders.noCache(headers);
        if (xhr) {
            ResponseHeaders.cors(request, headers);
        }
        headers.add("Content-Type", ResponseHeaders.PLAIN);
        if (request.bodyLength() > context.options().maxSendBodySize()) {
            exchange.respond(new HttpResponse(413, headers, bytes("Payload too large.")));
            return;
        }
        if (body.isEmpty()) {
            exchange.respond(new HttpResponse(500, headers, bytes("Payload expected.")));
            return;
        }
        List<String> messages;
        try {
            messages = Json.parseArray(body);
        } catch (Json.BrokenJsonException broken) {
            exchange.respond(new HttpResponse(500, headers, bytes("Broken JSON encoding.")));
            return;
        }
        Session session = context.sessions().get(sessionId);
        if (session == null || !session.isOpen()) {
            exchange.respond(notFound());
            return;
        }
        session.receive(messages);
        exchange.respond(xhr ? new HttpResponse(204, headers, null) : new HttpResponse(200, headers, bytes("ok")));
    }

    // ------------------------------------------------------------ answers

    private HttpResponse preflight(HttpRequest request, String methods) {
        HttpHeaders headers = ResponseHeaders.jsessionid(request, context.options().jsessionid(), new HttpHeaders());
        ResponseHeaders.cors(request, ResponseHeaders.cacheForYear(headers))
                .add("Access-Control-Allow-Methods", methods)
                .add("Access-Control-Max-Age", Long.toString(ResponseHeaders.ONE_YEAR_SECONDS));
        return new HttpResponse(204, headers, null);
    }

    private static HttpResponse notFound() {
        return HttpResponse.of(404, ResponseHeaders.PLAIN, bytes("404 Error: Page not found\n"));
    }

    private static HttpResponse methodNotAllowed(String allowed) {
        return new HttpResponse(405, new HttpHeaders().add("Allow", allowed), null);
    }

    private static HttpResponse serverError(String message) {
        return HttpResponse.of(500, ResponseHeaders.PLAIN, bytes(message));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
