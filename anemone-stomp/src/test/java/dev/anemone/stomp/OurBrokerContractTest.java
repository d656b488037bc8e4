package dev.anemone.stomp;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract against our embedded broker on a free port. */
class OurBrokerContractTest extends BrokerContract {

    private static WebSocketServer server;

    @BeforeAll
    static void start() {
        WebSocketServer.Builder builder = WebSocketServer.builder().port(0);
        StompBroker.create().mount(builder, "/stomp");
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/stomp");
    }

    @Override
    StompClientOptions options() {
        return StompClientOptions.defaults();
    }

    @Override
    void dropConnections() {
        server.clients().forEach(WebSocket::terminate);
    }
}
