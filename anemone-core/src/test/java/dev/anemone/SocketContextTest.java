package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket knows its server and endpoint, so a listener needs no static field set after
 * {@code start()}; and a server lists the clients of one endpoint.
 */
@Timeout(60)
class SocketContextTest {

    @Test
    void theVeryFirstConnectionsOnOpenSeesItsServer() throws Exception {
        CompletableFuture<WebSocketServer> seen = new CompletableFuture<>();
        CompletableFuture<Set<WebSocket>> clientsSeen = new CompletableFuture<>();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                // A chat's broadcast from onOpen: no field, no race with start().
                WebSocketServer server = socket.server();
                seen.complete(server);
                clientsSeen.complete(Set.copyOf(server.clients(socket.endpoint())));
            }
        };
        // The listener reaches the server through its socket, never through a field that
        // start() has yet to return.
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/first", listener).start()) {
            WebSocket client = WebSocketClient.shared()
                    .connect(URI.create("ws://127.0.0.1:" + server.port() + "/first"), new Events()).get(5, TimeUnit.SECONDS);
            assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(server);
            assertThat(clientsSeen.get(5, TimeUnit.SECONDS)).hasSize(1);
            assertThat(client.server()).as("a client's socket has no server").isNull();
            assertThat(client.endpoint()).isNull();
            assertThat(client.path()).isEqualTo("/first");
            assertThat(client.pathParam("x")).isNull();
            assertThat(client.pathParams()).isEmpty();
        }
    }

    @Test
    void clientsOfAnEndpointIsALiveViewOfItsConnectionsOnly() throws Exception {
        CountDownLatch roomClosed = new CountDownLatch(1);
        WebSocketListener room = new WebSocketListener() {
            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                roomClosed.countDown();
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/chat/{room}", room).start()) {
            Set<WebSocket> chatters = server.clients("/chat/{room}/");
            assertThat(chatters).isEmpty();
            List<WebSocket> sockets = new ArrayList<>();
            for (String path : new String[] {"/chat/a", "/chat/b", "/echo"}) {
                sockets.add(WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + path), new Events())
                        .get(5, TimeUnit.SECONDS));
            }
            assertThat(chatters).hasSize(2);
            assertThat(server.clients("/echo")).hasSize(1);
            assertThat(server.clients()).hasSize(3);
            assertThat(chatters).allSatisfy(socket -> {
                assertThat(socket.endpoint()).isEqualTo("/chat/{room}");
                assertThat(socket.server()).isSameAs(server);
            });
            assertThat(chatters.stream().map(socket -> socket.pathParam("room"))).containsExactlyInAnyOrder("a", "b");
            WebSocket serverSideOfEcho = server.clients("/echo").iterator().next();
            assertThat(chatters.contains(serverSideOfEcho)).isFalse();

            sockets.get(0).close();
            assertThat(roomClosed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(chatters).as("the same view, later").hasSize(1);
            assertThatThrownBy(() -> chatters.clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aChatRoomBroadcastReachesThatRoomOnlyWithNoStaticField() throws Exception {
        WebSocketListener chat = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.attach(socket.pathParam("room"));
            }

            @Override
            public void onText(WebSocket socket, String text) {
                String room = socket.attachment();
                socket.server().broadcast(room + ": " + text, Recipients.endpoint(socket.endpoint()).except(socket)
                        .where(peer -> room.equals(peer.attachment())));
            }
        };
        try (WebSocketServer server = Servers.echo().endpoint("/chat/{room}", chat).start()) {
            Events ann = new Events();
            Events bob = new Events();
            Events eve = new Events();
            WebSocket annSocket = connect(server, "/chat/lobby", ann);
            WebSocket bobSocket = connect(server, "/chat/lobby", bob);
            connect(server, "/chat/attic", eve);
            annSocket.send("hi");
            assertThat(bob.nextStartingWith("text")).isEqualTo("text lobby: hi");
            // What a room hears comes in order: the first message each gets shows what it missed.
            bobSocket.send("hello ann");
            assertThat(ann.nextStartingWith("text")).as("not the sender").isEqualTo("text lobby: hello ann");
            connect(server, "/chat/attic", new Events()).send("up here");
            assertThat(eve.nextStartingWith("text")).as("another room").isEqualTo("text attic: up here");
        }
    }

    private static WebSocket connect(WebSocketServer server, String path, WebSocketListener listener) throws Exception {
        return WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + path), listener)
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void clientsOfAPatternNeverDeclaredIsAMistake() {
        try (WebSocketServer server = Servers.echo().start()) {
            assertThatThrownBy(() -> server.clients("/ecko")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/ecko");
        }
    }
}
