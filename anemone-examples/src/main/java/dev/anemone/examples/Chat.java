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
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class Chat implements Example {

    private static final Pattern ROOM = Pattern.compile("[\\w-]{1,32}");
    private static final Pattern NICK = Pattern.compile("(?i)(?!anonymoususer)[\\p{L}\\p{N}_-]{1,24}");

    private final int historySize;
    private final int maxMessagesPerSecond;
    private final int maxRooms;
    private final AtomicInteger clientIndex = new AtomicInteger(1);
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
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

    /** A room's members and last messages; everything about it happens under its lock, in one order. */
    private final class Room {
        final String topic;
        final Map<WebSocket, Member> members = new HashMap<>();
        final Deque<String> history = new ArrayDeque<>();

        Room(String name) {
            topic = "chat:" + name;
        }

        void say(WebSocketServer server, String type, String id, String nickname, String message) {
            String json = Json.object("type", type, "id", id, "nickname", nickname, "message", message);
            history.addLast(json);
            if (history.size() > historySize) {
                history.removeFirst();
            }
            server.publish(topic, json);
        }
    }

    /** A client: touched by its own callbacks, and its nickname under its room's lock. */
    private static final class Member {
        final String id = UUID.randomUUID().toString();
        final Room room;
        String nickname;
        long second;
        int sent;

        Member(Room room, String nickname) {
            this.room = room;
            this.nickname = nickname;
        }
    }

    private final WebSocketListener listener = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket) {
            // SockJS has no path of its own to name a room: its sessions join the lobby.
            Room room = rooms.computeIfAbsent(Objects.requireNonNullElse(socket.pathParam("room"), "lobby"), Room::new);
            Member me = new Member(room, "AnonymousUser" + clientIndex.getAndIncrement());
            socket.attach(me);
            synchronized (room) {
                room.history.forEach(socket::send);
                socket.subscribe(room.topic);
                room.members.put(socket, me);
                room.say(socket.server(), "notification", me.id, me.nickname, me.nickname + " has connected");
            }
        }

        @Override
        public void onText(WebSocket socket, String text) {
            Member me = socket.attachment();
            long now = System.nanoTime() / 1_000_000_000;
            me.sent = me.second == now ? me.sent + 1 : 1;
            me.second = now;
            if (me.sent > maxMessagesPerSecond) {
                tell(socket, "Slow down: at most " + maxMessagesPerSecond + " messages a second");
                return;
            }
            synchronized (me.room) {
                String[] nick = text.split(" ");
                if (!text.startsWith("/nick")) {
                    me.room.say(socket.server(), "message", me.id, me.nickname, text);
                } else if (nick.length >= 2 && NICK.matcher(nick[1]).matches() && me.room.members.values().stream()
                        .noneMatch(other -> other.nickname.equalsIgnoreCase(nick[1]))) {
                    String old = me.nickname;
                    me.nickname = nick[1];
                    me.room.say(socket.server(), "nick_update", me.id, me.nickname, "Client " + old + " changed to " + me.nickname);
                } else {
                    tell(socket, "A nickname is 1 to 24 letters, digits, _ or -, not AnonymousUser..., and not taken");
                }
            }
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            Member me = socket.attachment();
            synchronized (me.room) {
                me.room.members.remove(socket);
                me.room.say(socket.server(), "notification", me.id, me.nickname, me.nickname + " has disconnected");
            }
        }
    };

    /** A notification to one client alone. */
    private static void tell(WebSocket socket, String message) {
        Member me = socket.attachment();
        socket.send(Json.object("type", "notification", "id", me.id, "nickname", me.nickname, "message", message));
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        server.endpoint("/chat/{room}", Endpoint.of(listener).withVerifier(ClientVerifier.sync(info ->
                !ROOM.matcher(info.pathParam("room")).matches() ? Verdict.reject(404)
                        : rooms.size() < maxRooms || rooms.containsKey(info.pathParam("room")) ? Verdict.accept()
                        : Verdict.reject(503))));
        sockjs = SockJsService.create("/chat-sockjs", listener, SockJsOptions.builder().sockjsUrl("/chat/sockjs.min.js").build());
        sockjs.mount(server, routes);
    }

    @Override
    public void stopping(WebSocketServer server) {
        rooms.values().forEach(room -> {
            synchronized (room) {
                room.say(server, "notification", "server", "server", "Server has disconnected");
            }
        });
    }

    @Override
    public void stopped() {
        sockjs.close();
    }
}
