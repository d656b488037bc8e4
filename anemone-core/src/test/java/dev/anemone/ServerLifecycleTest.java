package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.CloseStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tracked clients, broadcast, heartbeat, idle timeout and graceful shutdown. */
class ServerLifecycleTest {

    private static URI uri(WebSocketServer server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    @Test
    void clientsAreTrackedAndBroadcastReachesEveryOne() throws Exception {
        Events serverSide = new Events();
        try (WebSocketServer server = Servers.echo().endpoint("/tracked", serverSide).start()) {
            URI tracked = URI.create("ws://127.0.0.1:" + server.port() + "/tracked");
            Events first = new Events();
            Events second = new Events();
            WebSocket one = WebSocketClient.shared().connect(tracked, first).get(5, TimeUnit.SECONDS);
            WebSocketClient.shared().connect(tracked, second).get(5, TimeUnit.SECONDS);
            assertThat(server.clients()).hasSize(2);
            server.broadcast("news");
            assertThat(first.nextStartingWith("text")).isEqualTo("text news");
            assertThat(second.nextStartingWith("text")).isEqualTo("text news");
            one.close();
            assertThat(first.nextStartingWith("close")).isEqualTo("close 1000  true");
            // The server forgets a client before its own close event runs.
            assertThat(serverSide.nextStartingWith("close")).isEqualTo("close 1000  true");
            assertThat(server.clients()).hasSize(1);
        }
    }

    @Test
    void gracefulShutdownClosesEveryClientWith1001() throws Exception {
        WebSocketServer server = Servers.echo().start();
        Events events = new Events();
        WebSocketClient.shared().connect(uri(server), events).get(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(events.nextStartingWith("close")).isEqualTo("close 1001 server shutting down true");
    }

    @Test
    void stopActionsRunInOrderBeforeTheConnectionsCloseAndOneThatThrowsStopsNoOther() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        WebSocketServer[] started = new WebSocketServer[1];
        WebSocketServer server = Servers.echo()
                .onStop(() -> {
                    ran.add("first");
                    started[0].broadcast("bye");
                })
                .onStop(() -> {
                    ran.add("second");
                    throw new IllegalStateException("a failing stop action");
                })
                .onStop(() -> ran.add("third"))
                .start();
        started[0] = server;
        Events events = new Events();
        WebSocketClient.shared().connect(uri(server), events).get(5, TimeUnit.SECONDS);
        assertThat(ran).isEmpty();

        server.stop(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(events.nextStartingWith("open")).isNotNull();
        assertThat(events.next()).as("what the first action sent, before the close").isEqualTo("text bye");
        assertThat(events.next()).isEqualTo("close 1001 server shutting down true");
        server.stop(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(ran).as("a second stop runs nothing again").hasSize(3);
    }

    @Test
    void heartbeatDropsAPeerThatNeverAnswers() throws Exception {
        try (WebSocketServer server = Servers.echo().heartbeat(Duration.ofMillis(200)).start();
             RawClient silent = new RawClient(server.port())) {
            silent.handshake("/echo");
            assertThat(silent.readFrame().opcode()).isEqualTo(dev.anemone.protocol.Opcode.PING);
            assertThat(silent.awaitEof(3000)).isTrue();
        }
    }

    @Test
    void heartbeatKeepsAnAnsweringPeer() throws Exception {
        try (WebSocketServer server = Servers.echo().heartbeat(Duration.ofMillis(100)).start()) {
            Events events = new Events();
            WebSocket socket = WebSocketClient.shared().connect(uri(server), events).get(5, TimeUnit.SECONDS);
            // Our client answers every ping; after several intervals the connection still echoes.
            for (int i = 0; i < 5; i++) {
                assertThat(events.nextStartingWith("ping")).isEqualTo("ping ");
            }
            socket.send("alive");
            assertThat(events.nextStartingWith("text")).isEqualTo("text alive");
        }
    }

    @Test
    void idleConnectionIsClosedWith1001() throws IOException {
        try (WebSocketServer server = Servers.echo().idleTimeout(Duration.ofMillis(300)).start();
             RawClient idle = new RawClient(server.port())) {
            idle.handshake("/echo");
            RawClient.Frame close = idle.readFrame();
            assertThat(close.closeCode()).isEqualTo(CloseStatus.GOING_AWAY);
            assertThat(close.text()).endsWith("idle timeout");
        }
    }
}
