package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker contract through {@link StompRelay} to RabbitMQ's STOMP port 61613, each WebSocket
 * session its own TCP STOMP connection; then what belongs to the relay: credentials mapped or
 * passed through, RabbitMQ's ERROR passed back, heart-beats kept end to end.
 */
class RelayContractTest extends BrokerContract {

    private static WebSocketServer passThrough;
    private static WebSocketServer mapped;

    @BeforeAll
    static void start() {
        WebSocketServer.Builder builder = WebSocketServer.builder().port(0);
        StompRelay.create(StompRelayOptions.to("127.0.0.1", 61613).withVirtualHost("/")).mount(builder, "/stomp");
        passThrough = builder.start();
        WebSocketServer.Builder other = WebSocketServer.builder().port(0);
        StompRelay.create(StompRelayOptions.to("127.0.0.1", 61613).withVirtualHost("/").withLogin("guest", "guest")).mount(other, "/stomp");
        mapped = other.start();
    }

    @AfterAll
    static void stop() {
        passThrough.close();
        mapped.close();
    }

    @Override
    URI uri() {
        return URI.create("ws://127.0.0.1:" + passThrough.port() + "/stomp");
    }

    @Override
    StompClientOptions options() {
        return StompClientOptions.defaults().withLogin("guest", "guest");
    }

    @Override
    void dropConnections() {
        passThrough.clients().forEach(WebSocket::terminate);
    }

    @Test
    void wrongCredentialsGetRabbitMqsErrorBack() {
        java.util.List<StompFrame> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        StompClientOptions wrong = StompClientOptions.defaults().withLogin("guest", "wrong").withErrorHandler(errors::add);
        assertThatThrownBy(() -> StompClient.connect(uri(), wrong).orTimeout(10, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StompException.class);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).header("message")).isEqualTo("Bad CONNECT");
        assertThat(errors.get(0).bodyText()).contains("Access refused for user 'guest'");
    }

    @Test
    void mappedCredentialsLogInAClientThatSentNone() throws Exception {
        StompClient anonymous = StompClient.connect(URI.create("ws://127.0.0.1:" + mapped.port() + "/stomp"))
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(anonymous.session()).isNotBlank();
        anonymous.close();
    }

    @Test
    void heartBeatsAreKeptEndToEnd() throws Exception {
        CountDownLatch lost = new CountDownLatch(2);   // the first CONNECTED, then a reconnect's
        StompClient client = client(options().withHeartBeat(new HeartBeat(200, 200)).withReconnect(Duration.ofSeconds(30))
                .withConnectedHandler(c -> lost.countDown()));
        // RabbitMQ closes a STOMP connection that misses heart-beats; ours closes one whose server stays silent.
        assertThat(lost.await(2, TimeUnit.SECONDS)).isFalse();
        assertThat(client.isConnected()).isTrue();
        Inbox inbox = new Inbox();
        client.subscribe("/topic/" + name, inbox).orTimeout(10, TimeUnit.SECONDS).join();
        client.send("/topic/" + name, "alive").orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.take().text()).isEqualTo("alive");
    }
}
