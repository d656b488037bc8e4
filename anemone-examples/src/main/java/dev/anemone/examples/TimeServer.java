package dev.anemone.examples;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HttpRoutes;
import dev.anemone.Parameters;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The lecture notes' time server (seed 002): every tracked client gets the server's time as it
 * connects and every 5 seconds after, with the number of clients connected, and "Got your message" for each message. The
 * upgrade is refused with 401 unless the URL carries the token ({@code /time/ws?token=...}).
 */
public final class TimeServer implements Example {

    /** The token the demo's page offers. */
    public static final String DEMO_TOKEN = "let-me-in";
    static final String PATH = "/time/ws";

    private final byte[] token;
    private final Duration period;

    /** The demo's: {@link #DEMO_TOKEN}, every 5 seconds. */
    public TimeServer() {
        this(DEMO_TOKEN, Duration.ofSeconds(5));
    }

    /** A time server admitting clients with {@code token} and telling them the time every {@code period}. */
    public TimeServer(String token, Duration period) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.period = period;
    }

    @Override
    public String name() {
        return "time";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        server.endpoint(PATH, Endpoint.of(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.send(Json.object("message", "Hi from Time Server!", "clients", clients(socket)));
                socket.scheduleAtFixedRate(Duration.ZERO, period, () -> socket.send(Json.object("time",
                        ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME), "clients", clients(socket))));
            }

            @Override
            public void onText(WebSocket socket, String text) {
                socket.send(Json.object("message", "Got your message", "clients", clients(socket)));
            }
        }).withVerifier(ClientVerifier.sync(info -> MessageDigest.isEqual(token,
                Parameters.parse(info.query()).get("token", "").getBytes(StandardCharsets.UTF_8))
                ? Verdict.accept() : Verdict.reject(401))));
    }

    private static int clients(WebSocket socket) {
        return socket.server().clients(PATH).size();
    }
}
