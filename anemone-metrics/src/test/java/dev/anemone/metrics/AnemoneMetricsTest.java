package dev.anemone.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.EchoListener;
import dev.anemone.ServerMetric;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket.Listener;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AnemoneMetrics} against a real server with real connections, read from a {@link SimpleMeterRegistry}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnemoneMetricsTest {

    /** Released each time the server has seen a connection close. */
    private final Semaphore serverSawClose = new Semaphore(0);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private WebSocketServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .endpoint("/echo", new EchoListener() {
                    @Override
                    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                        serverSawClose.release();
                    }
                })
                .start();
        client = new WebSocketClient(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        server.close();
    }

    private double counter(String name) {
        return registry.get(name).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void theMetersFollowConnectionsMessagesAndBytes() throws Exception {
        new AnemoneMetrics(server, Tags.of("server", "chat"), Duration.ZERO).bindTo(registry);
        assertThat(counter("anemone.connections.opened")).isZero();
        assertThat(gauge("anemone.connections.open")).isZero();

        Semaphore echoes = new Semaphore(0);
        WebSocketListener counting = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                echoes.release();
            }
        };
        WebSocket first = connect(counting);
        WebSocket second = connect(counting);
        for (int i = 0; i < 10; i++) {
            first.send("hello " + i);
            second.send("hello " + i);
        }
        assertThat(echoes.tryAcquire(20, 10, TimeUnit.SECONDS)).isTrue();

        assertThat(gauge("anemone.connections.open")).isEqualTo(2);
        assertThat(counter("anemone.connections.opened")).isEqualTo(2);
        assertThat(counter("anemone.messages.received")).isEqualTo(20);
        assertThat(counter("anemone.messages.sent")).isEqualTo(20);
        assertThat(counter("anemone.bytes.received")).isGreaterThan(20 * (6 + 7));
        assertThat(counter("anemone.bytes.sent")).isGreaterThan(20 * (2 + 7));
        assertThat(counter("anemone.messages.dropped")).isZero();
        assertThat(gauge("anemone.buffered.bytes")).isZero();
        assertThat(gauge("anemone.topics")).isZero();
        assertThat(gauge("anemone.subscribers")).isZero();
        assertThat(registry.get("anemone.messages.received").tag("server", "chat").functionCounter()).isNotNull();

        first.close(1000, "bye");
        second.close(4001, "custom");
        assertThat(serverSawClose.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
        // The first read after the closes meets codes never seen: their counters appear, and read from then on.
        assertThat(gauge("anemone.connections.open")).isZero();
        assertThat(registry.get("anemone.connections.closed").tag("code", "1000").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("anemone.connections.closed").tag("code", "4001").tag("server", "chat")
                .functionCounter().count()).isEqualTo(1);
    }

    @Test
    void everyMetricOfTheCatalogueHasItsMeter() {
        new AnemoneMetrics(server).bindTo(registry);
        for (ServerMetric metric : ServerMetric.values()) {
            if (!metric.isLabelled()) {
                assertThat(registry.get("anemone." + metric.id()).meter().getId().getDescription())
                        .isEqualTo(metric.description());
            }
        }
    }

    @Test
    void refusalsAndHttpAnswersAreCountedByStatus() {
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/nowhere"), new Listener() { }).join())
                .isInstanceOf(CompletionException.class);
        AnemoneMetrics metrics = new AnemoneMetrics(server, Tags.empty(), Duration.ZERO);
        metrics.bindTo(registry);
        assertThat(registry.get("anemone.handshakes.refused").tag("status", "404").functionCounter().count())
                .as("a status seen before binding has its counter at once").isEqualTo(1);
        assertThat(registry.find("anemone.http.responses").functionCounters()).isEmpty();
    }

    @Test
    void theMetersOfOnePublicationShareOneSnapshot() throws Exception {
        new AnemoneMetrics(server, Tags.empty(), Duration.ofHours(1)).bindTo(registry);
        connect(new WebSocketListener() { });
        assertThat(server.metrics().connectionsOpened()).isEqualTo(1);
        assertThat(counter("anemone.connections.opened")).as("still the snapshot taken when bound").isZero();
    }

    @Test
    void oneBinderServesSeveralRegistries() throws Exception {
        AnemoneMetrics metrics = new AnemoneMetrics(server, Tags.empty(), Duration.ZERO);
        MeterRegistry other = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(other);
        WebSocket socket = connect(new WebSocketListener() { });
        socket.close(4002, "");
        assertThat(serverSawClose.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(counter("anemone.connections.opened")).isEqualTo(1);
        for (MeterRegistry each : new MeterRegistry[] {registry, other}) {
            assertThat(each.get("anemone.connections.closed").tag("code", "4002").functionCounter().count()).isEqualTo(1);
        }
    }

    private WebSocket connect(WebSocketListener listener) throws Exception {
        return client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), listener).get(10, TimeUnit.SECONDS);
    }
}
