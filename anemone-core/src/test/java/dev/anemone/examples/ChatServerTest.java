package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chapter 3 chat, driven by the JDK's WebSocket client as two people in the room. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatServerTest {

    private static final HttpClient JDK = HttpClient.newHttpClient();

    @Test
    void peopleComeTalkRenameThemselvesAndGo() throws Exception {
        WebSocketServer server = ChatServer.start(0);
        try {
            Person alice = Person.join(server);
            assertThat(alice.next()).matches(notification("AnonymousUser1", "AnonymousUser1 has connected"));
            Person bob = Person.join(server);
            assertThat(bob.next()).matches(notification("AnonymousUser2", "AnonymousUser2 has connected"));
            assertThat(alice.next()).matches(notification("AnonymousUser2", "AnonymousUser2 has connected"));

            alice.socket.sendText("/nick alice", true);
            String renamed = "\\{\"type\":\"nick_update\",\"id\":\"[0-9a-f-]{36}\",\"nickname\":\"alice\","
                    + "\"message\":\"Client AnonymousUser1 changed to alice\"}";
            assertThat(alice.next()).matches(renamed);
            assertThat(bob.next()).matches(renamed);

            bob.socket.sendText("hi \"alice\"", true);
            String said = "\\{\"type\":\"message\",\"id\":\"[0-9a-f-]{36}\",\"nickname\":\"AnonymousUser2\","
                    + "\"message\":\"hi \\\\\"alice\\\\\"\"}";
            assertThat(alice.next()).matches(said);
            assertThat(bob.next()).matches(said);

            bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(alice.next()).matches(notification("AnonymousUser2", "AnonymousUser2 has disconnected"));
        } finally {
            server.close();
        }
    }

    private static String notification(String nickname, String message) {
        return "\\{\"type\":\"notification\",\"id\":\"[0-9a-f-]{36}\",\"nickname\":\"" + nickname
                + "\",\"message\":\"" + message + "\"}";
    }

    /** One person in the room: what the server sent them, in order. */
    private static final class Person implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();
        WebSocket socket;

        static Person join(WebSocketServer server) throws Exception {
            Person person = new Person();
            person.socket = JDK.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), person)
                    .get(5, TimeUnit.SECONDS);
            return person;
        }

        String next() throws InterruptedException {
            String message = received.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a message within 5 s").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
