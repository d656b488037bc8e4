package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.protocol.ReadyState;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser-shaped connection API: close rules, sends from any thread, pings, readyState. */
class ConnectionApiTest {

    private WebSocketServer server;
    private Events events;
    private WebSocket socket;

    @BeforeEach
    void connect() throws Exception {
        server = Servers.echo().start();
        events = new Events();
        socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), events)
                .get(5, TimeUnit.SECONDS);
        assertThat(events.next()).isEqualTo("open ");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void applicationsMayCloseOnlyWith1000Or3000To4999() {
        for (int code : new int[] {999, 1001, 1002, 1005, 1006, 1011, 1015, 2999, 5000}) {
            assertThatThrownBy(() -> socket.close(code)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> socket.close(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
        assertThat(socket.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void closeWithAReasonOfExactly123BytesIsClean() throws Exception {
        String reason = "x".repeat(123);
        socket.close(3000, reason);
        assertThat(events.nextStartingWith("close")).isEqualTo("close 3000 " + reason + " true");
        assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void sendAfterCloseIsDroppedAndReported() throws Exception {
        socket.close();
        assertThat(socket.send("too late")).isFalse();
        assertThat(events.nextStartingWith("error")).isEqualTo("error MessageDroppedException");
    }

    @Test
    void pingGetsItsPong() throws Exception {
        socket.ping("are you there".getBytes());
        assertThat(events.nextStartingWith("pong")).isEqualTo("pong are you there");
        assertThatThrownBy(() -> socket.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendsFromManyThreadsAllArrive() throws Exception {
        int threads = 8;
        int perThread = 500;
        Set<String> sent = new HashSet<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                sent.add("text " + t + ":" + i);
            }
            int id = t;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    socket.send(id + ":" + i);
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < threads * perThread; i++) {
            received.add(events.next());
        }
        assertThat(received).isEqualTo(sent);
    }
}
