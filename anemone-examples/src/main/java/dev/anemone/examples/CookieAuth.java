package dev.anemone.examples;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HandshakeInfo;
import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.Parameters;
import dev.anemone.SetCookie;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The book's chapter 6 cookie authentication, over TLS only. A login form (user {@code test},
 * password {@code test}) posts to {@code /auth/login}, which sets a random session key in an
 * HttpOnly, Secure, SameSite=Strict cookie; the pages under {@code /auth/} need it, and the wss
 * endpoint {@code /auth/ws} accepts an upgrade only over TLS from this site's own origin (else
 * 403) and with a live session (else 401). Logging out ends the session, clears the cookie and
 * closes the session's connections.
 *
 * <p>The allowed origin is {@code https://} and the request's own {@code Host}, which needs no
 * configuration; a hostile page that points its own name at this server gets no cookie, which is
 * only sent to this host.
 */
public final class CookieAuth implements Example {

    static final String COOKIE = "credentials";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration lifetime;
    private final int maxSessions;
    /** Session keys and when they end. */
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    /** The demo's: sessions last an hour, at most 1000 at once. */
    public CookieAuth() {
        this(Duration.ofHours(1), 1000);
    }

    /** Sessions that last {@code lifetime}, at most {@code maxSessions} at once (then logins get 503). */
    public CookieAuth(Duration lifetime, int maxSessions) {
        this.lifetime = lifetime;
        this.maxSessions = maxSessions;
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        routes.post("/auth/login", (request, exchange) -> exchange.respond(login(request.form())))
                .post("/auth/logout", (request, exchange) -> {
                    sessions.remove(String.valueOf(request.cookie(COOKIE)));
                    exchange.respond(HttpResponse.redirect(303, "/auth/login.html").withCookie(cookie("").withMaxAge(Duration.ZERO)));
                })
                .prefix("/auth", (request, exchange) -> {
                    if (request.path().equals("/auth/login.html") || live(request.cookie(COOKIE))) {
                        Pages.FILES.handle(request, exchange);
                    } else {
                        exchange.respond(HttpResponse.redirect(303, "/auth/login.html"));
                    }
                });
        server.endpoint("/auth/ws", Endpoint.of(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.send("Hello, test: you are in, over wss with your session cookie.");
                // The connection lives as long as its session: a logout or the session's end closes it within a second.
                socket.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
                    if (!live(socket.attachment())) {
                        socket.close(4001, "Session over");
                    }
                });
            }

            @Override
            public void onText(WebSocket socket, String text) {
                socket.send("test said: " + text);
            }
        }).withVerifier(ClientVerifier.sync(this::verify)));
    }

    private HttpResponse login(Parameters form) {
        if (!"test".equals(form.get("username")) || !"test".equals(form.get("password"))) {
            return HttpResponse.html(401, "<p>Wrong user name or password. <a href=\"/auth/login.html\">Try again</a></p>");
        }
        sessions.values().removeIf(end -> end.isBefore(Instant.now()));
        if (sessions.size() >= maxSessions) {
            return HttpResponse.text(503, "Too many sessions at once; try again later");
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        sessions.put(session, Instant.now().plus(lifetime));
        return HttpResponse.redirect(303, "/auth/").withCookie(cookie(session).withMaxAge(lifetime));
    }

    private static SetCookie cookie(String value) {
        return SetCookie.of(COOKIE, value).withPath("/auth").withSecure(true).withSameSite(SetCookie.SameSite.STRICT);
    }

    private Verdict verify(HandshakeInfo info) {
        if (!info.secure() || !("https://" + info.headers().get("Host")).equalsIgnoreCase(info.origin())) {
            return Verdict.reject(403);
        }
        return live(info.cookies().get(COOKIE)) ? Verdict.accept().attach(info.cookies().get(COOKIE)) : Verdict.reject(401);
    }

    private boolean live(String session) {
        Instant end = session == null ? null : sessions.get(session);
        return end != null && end.isAfter(Instant.now());
    }
}
