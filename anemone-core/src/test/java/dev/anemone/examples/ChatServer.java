package dev.anemone.examples;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The multi-user chat of the book's chapter 3 (ids, numbered anonymous nicknames, {@code /nick},
 * notifications when people come and go, JSON messages of {@code type}, {@code id},
 * {@code nickname} and {@code message}), written with nothing but the public API: a topic for the
 * room, the socket's attachment for who it is, and a shutdown hook that says goodbye with 1001.
 */
public final class ChatServer implements WebSocketListener {

    private static final String ROOM = "chat";

    private final AtomicInteger clientIndex = new AtomicInteger(1);

    public static void main(String[] args) throws InterruptedException {
        start(8181).awaitTermination();
    }

    static WebSocketServer start(int port) {
        return WebSocketServer.builder()
                .port(port)
                .endpoint("/", new ChatServer())
                .stopOnShutdown(Duration.ofSeconds(2))
                .start();
    }

    @Override
    public void onOpen(WebSocket socket) {
        Client client = new Client(UUID.randomUUID().toString(), "AnonymousUser" + clientIndex.getAndIncrement());
        socket.attach(client);
        socket.subscribe(ROOM);
        send(socket, "notification", client, client.nickname + " has connected");
    }

    @Override
    public void onText(WebSocket socket, String message) {
        Client client = socket.attachment();
        if (message.startsWith("/nick")) {
            String[] words = message.split(" ");
            if (words.length >= 2) {
                String old = client.nickname;
                client.nickname = words[1];
                send(socket, "nick_update", client, "Client " + old + " changed to " + client.nickname);
            }
        } else {
            send(socket, "message", client, message);
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        Client client = socket.attachment();
        send(socket, "notification", client, client.nickname + " has disconnected");
    }

    private static void send(WebSocket socket, String type, Client client, String message) {
        socket.server().publish(ROOM, "{\"type\":" + json(type) + ",\"id\":" + json(client.id)
                + ",\"nickname\":" + json(client.nickname) + ",\"message\":" + json(message) + "}");
    }

    /** A JSON string literal; the chat needs no JSON library for four fields. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Who a connection is; changed only by its own callbacks, which run one at a time. */
    private static final class Client {
        final String id;
        String nickname;

        Client(String id, String nickname) {
            this.id = id;
            this.nickname = nickname;
        }
    }
}
