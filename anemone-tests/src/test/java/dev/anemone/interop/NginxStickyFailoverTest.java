package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Anemone nodes behind nginx running the docs' recipe, whose upstream is sticky by client
 * address ({@code ip_hash}): every client from one address lands on the same node. That node is
 * stopped gracefully mid-test; its clients, our client and Node's ws, are closed with 1001 (going
 * away), reconnect through nginx as an application does on 1001, land on the other node, and
 * their messages flow again. Clients from other /24s that nginx sent to the other node do not
 * notice the stop. Each node greets a new connection with its name.
 */
class NginxStickyFailoverTest {

    private static final int CLIENTS = 3;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Map<String, WebSocketServer> nodes = new LinkedHashMap<>();
    private final List<ExternalPeer> peers = new ArrayList<>();
    private Nginx nginx;

    @AfterEach
    void stop() {
        peers.forEach(ExternalPeer::close);
        if (nginx != null) {
            nginx.close();
        }
        nodes.values().forEach(WebSocketServer::close);
    }

    @Test
    void theClientsOfANodeThatStopsAreClosedWith1001AndReconnectToTheOther() throws Exception {
        for (String name : List.of("a", "b")) {
            nodes.put(name, WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                    .endpoint("/echo", new GreetingEcho(name))
                    .start());
        }
        nginx = Nginx.inFrontOf(nodes.values().stream().mapToInt(WebSocketServer::port).toArray());
        URI uri = nginx.uri("ws", "/echo");

        List<ReconnectingClient> ours = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ours.add(new ReconnectingClient(uri));
        }
        String first = ours.get(0).greeting();
        for (ReconnectingClient client : ours) {
            if (client != ours.get(0)) {
                assertThat(client.greeting()).as("every client from 127.0.0.1 on one node (ip_hash)").isEqualTo(first);
            }
            client.echo("before");
        }
        PeerRuntime.NODE.requireInstalled();
        ExternalPeer node = nodeClient(uri);
        assertThat(node.events().await("message").text("sha256")).as("Node ws greeted by the same node")
                .isEqualTo(sha256(first));
        String other = first.equals("node:a") ? "node:b" : "node:a";
        Bystanders bystanders = bystandersOn(other, uri);
        CompletableFuture<Void> stopped = nodes.get(first.substring("node:".length())).stop(GRACE);

        for (ReconnectingClient client : ours) {
            ReconnectingClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).as("our client's close by the stopping node: %s", closed).isEqualTo(1001);
            assertThat(client.greeting()).as("the node reached on reconnecting").isEqualTo(other);
            client.echo("after");
        }
        Event closed = node.events().await("close");
        assertThat(closed.number("code")).as("Node ws's close by the stopping node: %s", closed).isEqualTo(1001);
        ExternalPeer again = nodeClient(uri);
        assertThat(again.events().await("message").text("sha256")).as("Node ws greeted on reconnecting")
                .isEqualTo(sha256(other));
        again.command(Commands.send("text", 1000));
        Expect.message(again.events().await("message"), "text", 1000);
        stopped.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);

        bystanders.clients().command("echo:still here");
        for (int i = 0; i < bystanders.onNode().size(); i++) {
            Event echo = bystanders.clients().events().await("message", event -> event.text("text").equals("still here"));
            assertThat(bystanders.onNode()).as("a client of %s that echoed", other).contains(echo.text("from"));
        }
        assertThat(bystanders.clients().events().seen("close")).as("closes of the clients from other /24s")
                .allSatisfy(close -> assertThat(bystanders.onNode()).doesNotContain(close.text("from")));
        for (ReconnectingClient client : ours) {
            client.close();
        }
    }

    /**
     * Clients held open in one process, and the addresses of those on a given node.
     *
     * @param clients node/handshakes.js holding them open
     * @param onNode the addresses whose client the node greeted
     */
    private record Bystanders(ExternalPeer clients, List<String> onNode) {
    }

    /**
     * Node ws clients from 127.0.1.2 to 127.0.8.2 (ip_hash sends each /24 to a node of its own
     * choosing), held open, and those of them nginx sent to {@code node}: they must not notice
     * the other node's stop.
     */
    private Bystanders bystandersOn(String node, URI uri) {
        List<String> from = IntStream.rangeClosed(1, 8).mapToObj(k -> "127.0." + k + ".2").toList();
        ExternalPeer clients = NodeHandshakes.start(uri, from, "--hold");
        peers.add(clients);
        assertThat(NodeHandshakes.statuses(clients, from.size())).as("clients from %s", from).containsOnly(101L);
        List<String> on = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            Event greeting = clients.events().await("message");
            if (greeting.text("text").equals(node)) {
                on.add(greeting.text("from"));
            }
        }
        assertThat(on).as("clients of %s among %s: ip_hash put none there", node, from).isNotEmpty();
        return new Bystanders(clients, on);
    }

    private ExternalPeer nodeClient(URI uri) {
        ExternalPeer client = PeerRuntime.NODE.client(uri, List.of());
        peers.add(client);
        client.events().await("open");
        return client;
    }

    private static String sha256(String text) {
        return Payloads.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Our client as an application writes it: on 1001 (the server is going away) it connects
     * again to the same address, and nginx picks the node.
     */
    private static final class ReconnectingClient implements WebSocketListener {

        record Closed(int code, String reason, boolean wasClean) {
        }

        private final URI uri;
        private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
        private volatile WebSocket socket;

        ReconnectingClient(URI uri) {
            this.uri = uri;
            connect();
        }

        private void connect() {
            WebSocketClient.shared().connect(uri, this);
        }

        @Override
        public void onOpen(WebSocket opened) {
            socket = opened;
        }

        @Override
        public void onText(WebSocket from, String text) {
            texts.add(text);
        }

        @Override
        public void onError(WebSocket failed, Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose(WebSocket closed, int code, String reason, boolean wasClean) {
            closes.add(new Closed(code, reason, wasClean));
            if (code == 1001) {
                connect();
            }
        }

        /** The next greeting: the first text of a connection. */
        String greeting() throws InterruptedException {
            return next("a greeting");
        }

        void echo(String text) throws InterruptedException {
            assertThat(socket.send(text)).as("send accepted").isTrue();
            assertThat(next("the echo of " + text)).isEqualTo(text);
        }

        Closed awaitClose() throws InterruptedException {
            Closed closed = closes.poll(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(closed).as("a close within %s", EventLog.TIMEOUT).isNotNull();
            return closed;
        }

        void close() {
            socket.close(1000, "done");
        }

        private String next(String what) throws InterruptedException {
            String text = texts.poll(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("%s within %s (closes: %s, errors: %s)", what, EventLog.TIMEOUT, closes, errors).isNotNull();
            return text;
        }
    }
}
