package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's life in a program: {@code awaitTermination} holds {@code main} until the server
 * stops, and the opt-in shutdown hook closes every connection with 1001 on SIGTERM, tried on a
 * server in a JVM of its own.
 */
@Timeout(90)
class ServerTerminationTest {

    @TempDir
    Path workDir;

    @Test
    void awaitTerminationReturnsOnceTheServerHasStopped() throws Exception {
        WebSocketServer server = Servers.echo().start();
        assertThat(server.awaitTermination(Duration.ofMillis(20))).as("still running").isFalse();
        CountDownLatch returned = new CountDownLatch(1);
        Thread main = new Thread(() -> {
            try {
                server.awaitTermination();
                returned.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        main.start();
        server.stop(Duration.ofSeconds(1));
        assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(server.stop(Duration.ZERO).isDone()).as("a second stop finds it stopped").isTrue();
    }

    @Test
    void onSigtermTheHookClosesEveryConnectionWith1001AndTheJvmExits() throws Exception {
        try (ChildJvm child = ChildJvm.start(workDir, null, ShutdownHookMain.class.getName(), "hook")) {
            Events events = connectAndEcho(child);
            child.process().destroy();
            assertThat(events.nextStartingWith("close")).isEqualTo("close 1001 server shutting down true");
            assertThat(child.awaitExit()).as("SIGTERM's status, once the hook is done").isEqualTo(143);
        }
    }

    @Test
    void withoutTheHookSigtermDropsTheConnections() throws Exception {
        try (ChildJvm child = ChildJvm.start(workDir, null, ShutdownHookMain.class.getName())) {
            Events events = connectAndEcho(child);
            child.process().destroy();
            assertThat(events.nextStartingWith("close")).isEqualTo("close 1006  false");
            assertThat(child.awaitExit()).isEqualTo(143);
        }
    }

    /** Connects to the child's server, checks it echoes and is still alive: main did not return. */
    private static Events connectAndEcho(ChildJvm child) throws Exception {
        int port = Integer.parseInt(child.awaitLine("port ").substring("port ".length()));
        Events events = new Events();
        WebSocket socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + port + "/echo"), events)
                .get(10, TimeUnit.SECONDS);
        socket.send("still there?");
        assertThat(events.nextStartingWith("text")).isEqualTo("text still there?");
        assertThat(child.process().isAlive()).as("main waits in awaitTermination").isTrue();
        return events;
    }
}
