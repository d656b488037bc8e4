package dev.anemone;

import org.junit.jupiter.api.AfterEach;

/**
 * A test's server and client on loopback, both stopped after each test: the test starts the
 * server it needs and connects with the client (one event loop).
 */
abstract class LoopbackFixture {

    protected final WebSocketClient client = new WebSocketClient(1);
    protected WebSocketServer server;

    @AfterEach
    void stopServerAndClient() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        client.close();
    }
}
