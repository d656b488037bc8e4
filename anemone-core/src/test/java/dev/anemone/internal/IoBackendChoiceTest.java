package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.EchoListener;
import dev.anemone.IoBackend;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public choice of backend, {@link WebSocketServer.Builder#ioBackend} and
 * {@link WebSocketClient#WebSocketClient(int, IoBackend)}, end to end over loopback. Like
 * {@link PollersTest} these run in the core, without the epoll library, and again in anemone-epoll,
 * with it, and check what must hold in the case they find.
 */
@ExtendWith(IoBackendPropertyRestored.class)
class IoBackendChoiceTest {

    @Test
    void aServerAndAClientEchoOnTheBackendTheyAreGiven() throws Exception {
        IoBackend here = Epoll.isAvailable() ? IoBackend.EPOLL : IoBackend.NIO;
        echoesOn(IoBackend.NIO, IoBackend.NIO);
        echoesOn(IoBackend.AUTO, here);
        if (Epoll.isAvailable()) {
            echoesOn(IoBackend.EPOLL, IoBackend.EPOLL);
        }
    }

    private static void echoesOn(IoBackend asked, IoBackend expected) throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .ioBackend(asked).endpoint("/echo", new EchoListener()).start();
             WebSocketClient client = new WebSocketClient(1, asked)) {
            assertThat(server.ioBackend()).as("server asked for %s", asked).isEqualTo(expected);
            assertThat(client.ioBackend()).as("client asked for %s", asked).isEqualTo(expected);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket socket = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket socket, String text) {
                            received.add(text);
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.send("on " + asked);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("on " + asked);
        }
    }

    @Test
    void theBuildersChoiceOverridesTheSystemProperty() throws Exception {
        // Without the library, a server that followed the property would not start at all.
        System.setProperty(IoBackend.PROPERTY, "epoll");
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .ioBackend(IoBackend.NIO).start();
             WebSocketClient client = new WebSocketClient(1, IoBackend.NIO)) {
            assertThat(server.ioBackend()).isEqualTo(IoBackend.NIO);
            assertThat(client.ioBackend()).isEqualTo(IoBackend.NIO);
        }
        System.setProperty(IoBackend.PROPERTY, "auto");
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1).start()) {
            assertThat(server.ioBackend()).as("no choice: the property's")
                    .isEqualTo(Epoll.isAvailable() ? IoBackend.EPOLL : IoBackend.NIO);
        }
    }

    @Test
    void epollIsRefusedAtStartWithTheReasonWhereItsLibraryIsAbsent() throws Exception {
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .ioBackend(IoBackend.EPOLL);
        if (Epoll.isAvailable()) {
            try (WebSocketServer server = builder.start()) {
                assertThat(server.ioBackend()).isEqualTo(IoBackend.EPOLL);
            }
            return;
        }
        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ioBackend(EPOLL)")
                .hasMessageContaining("anemone-epoll");
        assertThatThrownBy(() -> new WebSocketClient(1, IoBackend.EPOLL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anemone-epoll");
    }
}
