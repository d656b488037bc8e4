package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Why the recipe's timeouts must be longer than the server's heartbeat: nginx cuts a tunnel in
 * which nothing moved for {@code proxy_read_timeout}. Here the recipe's two timeouts are cut to
 * two seconds, so that the test need not wait 75: an idle connection survives two of them while
 * the server pings every 500 ms, and is cut by nginx without a heartbeat.
 */
class NginxHeartbeatTest {

    private static final String NGINX_TIMEOUT = "2s";
    /** A quarter of nginx's timeout, and long enough for a loaded machine to answer every ping in time. */
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** Four seconds of pings: two of nginx's timeouts. */
    private static final int PINGS = 8;

    private WebSocketServer server;
    private Nginx nginx;
    private WebSocket client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.terminate();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHeartbeatShorterThanNginxsTimeoutKeepsAnIdleConnection() throws Exception {
        EventLog events = connect(HEARTBEAT);

        for (int i = 0; i < PINGS; i++) {
            events.await("ping");
        }

        assertThat(events.seen("close")).as("closes while idle behind nginx's %s timeout", NGINX_TIMEOUT).isEmpty();
        assertThat(client.send(Payloads.binary(100))).isTrue();
        Expect.message(events.await("message"), "binary", 100);
    }

    @Test
    void withoutAHeartbeatNginxCutsAnIdleConnection() throws Exception {
        EventLog events = connect(Duration.ZERO);

        Event closed = events.await("close");

        assertThat(closed.number("code")).as("the close of a connection nginx dropped: %s", closed).isEqualTo(1006);
        assertThat(events.seen("ping")).isEmpty();
    }

    private EventLog connect(Duration heartbeat) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1).heartbeat(heartbeat)
                .endpoint("/echo", new EchoListener())
                .start();
        nginx = Nginx.start(recipe -> recipe.replaceDirective("proxy_read_timeout", NGINX_TIMEOUT)
                .replaceDirective("proxy_send_timeout", NGINX_TIMEOUT), server.port());
        EventLog events = new EventLog("our client");
        client = WebSocketClient.shared().connect(nginx.uri("ws", "/echo"), new Recorder(events, false))
                .get(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        events.await("open");
        return events;
    }
}
