package dev.anemone.examples;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HttpRoutes;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.sockjs.SockJsOptions;
import dev.anemone.sockjs.SockJsService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The book's chapter 3 chat: each client gets an id and the name AnonymousUserN; what it says
 * reaches its room as JSON ({@code type} message, notification or nick_update, {@code id},
 * {@code nickname}, {@code message}); {@code /nick NAME} renames it; arrivals and departures are
 * announced, and so is the server's shutdown ("Server has disconnected", then close 1001).
 *
 * <p>Beyond the book: rooms by path ({@code /chat/{room}}), the room's last messages for whoever
 * joins late, nicknames checked and unique in their room, a rate limit per client, and the same
 * chat over SockJS at {@code /chat-sockjs} (the lobby) for browsers whose WebSocket is blocked.
 *
 * <p>Its callbacks hold the chat's lock, so that a room's history and what its members hear are in
 * one order; a demo's chat is far from needing a lock per room.
 */
public final class Chat implements Example, WebSocketListener {

    private static final Pattern ROOM = Pattern.compile("[\\w-]{1,32}");
    private static final Pattern NICK = Pattern.compile("(?i)(?!anonymoususer)[\\p{L}\\p{N}_-]{1,24}");

    private final int historySize;
    private final int maxMessagesPerSecond;
    private final int maxRooms;
    /** Each room's last messages; concurrent, as the verifier counts rooms without the lock. */
    private final Map<String, Deque<String>> rooms = new ConcurrentHashMap<>();
    private final Map<WebSocket, Member> members = new HashMap<>();
    private int clientIndex = 1;
    private SockJsService sockjs;

    /** The demo's chat: 50 messages of history, 5 messages a second per client, 100 rooms. */
    public Chat() {
        this(50, 5, 100);
    }

    /** A chat keeping {@code historySize} messages per room, each client allowed {@code maxMessagesPerSecond}. */
    public Chat(int historySize, int maxMessagesPerSecond, int maxRooms) {
        this.historySize = historySize;
        this.maxMessagesPerSecond = maxMessagesPerSecond;
        this.maxRooms = maxRooms;
    }

    /** A client: its id, room and name, and how many messages it sent in which second. */
    private record Member(String id, String room, String nickname, long second, int sent) {
        Member counted(long now) {
            return new Member(id, room, nickname, now, second == now ? sent + 1 : 1);
        }
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        server.endpoint("/chat/{room}", Endpoint.of(this).withVerifier(ClientVerifier.sync(info ->
                !ROOM.matcher(info.pathParam("room")).matches() ? Verdict.reject(404)
                        : rooms.size() < maxRooms || rooms.containsKey(info.pathParam("room")) ? Verdict.accept()
                        : Verdict.reject(503))));
        sockjs = SockJsService.create("/chat-sockjs", this, SockJsOptions.builder().sockjsUrl("/chat/sockjs.min.js").build());
        sockjs.mount(server, routes);
    }

    @Override
    public synchronized void onOpen(WebSocket socket) {
        // SockJS has no path of its own to name a room: its sessions join the lobby.
        Member me = new Member(UUID.randomUUID().toString(), Objects.requireNonNullElse(socket.pathParam("room"), "lobby"),
                "AnonymousUser" + clientIndex++, 0, 0);
        members.put(socket, me);
        rooms.computeIfAbsent(me.room(), room -> new ArrayDeque<>()).forEach(socket::send);
        socket.subscribe("chat:" + me.room());
        say(socket.server(), me, "notification", me.nickname() + " has connected");
    }

    @Override
    public synchronized void onText(WebSocket socket, String text) {
        Member me = members.get(socket).counted(System.nanoTime() / 1_000_000_000);
        members.put(socket, me);
        String[] nick = text.split(" ");
        if (me.sent() > maxMessagesPerSecond) {
            socket.send(json(me, "notification", "Slow down: at most " + maxMessagesPerSecond + " messages a second"));
        } else if (!text.startsWith("/nick")) {
            say(socket.server(), me, "message", text);
        } else if (nick.length >= 2 && NICK.matcher(nick[1]).matches() && members.values().stream()
                .noneMatch(other -> other.room().equals(me.room()) && other.nickname().equalsIgnoreCase(nick[1]))) {
            members.put(socket, new Member(me.id(), me.room(), nick[1], me.second(), me.sent()));
            say(socket.server(), members.get(socket), "nick_update", "Client " + me.nickname() + " changed to " + nick[1]);
        } else {
            socket.send(json(me, "notification", "A nickname is 1 to 24 letters, digits, _ or -, not AnonymousUser..., and not taken"));
        }
    }

    @Override
    public synchronized void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        Member me = members.remove(socket);
        say(socket.server(), me, "notification", me.nickname() + " has disconnected");
    }

    /** Says {@code message} to {@code me}'s room, and keeps it for those who join later. */
    private void say(WebSocketServer server, Member me, String type, String message) {
        String json = json(me, type, message);
        Deque<String> history = rooms.get(me.room());
        history.addLast(json);
        if (history.size() > historySize) {
            history.removeFirst();
        }
        server.publish("chat:" + me.room(), json);
    }

    private static String json(Member me, String type, String message) {
        return Json.object("type", type, "id", me.id(), "nickname", me.nickname(), "message", message);
    }

    @Override
    public synchronized void stopping(WebSocketServer server) {
        rooms.keySet().forEach(room -> say(server, new Member("server", room, "server", 0, 0), "notification",
                "Server has disconnected"));
    }

    @Override
    public void stopped() {
        if (sockjs != null) {
            sockjs.close();
        }
    }
}
