package dev.anemone.sockjs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Protocol tests that share one {@link SockJsTestServer} for the class, with its echo service at {@link #base}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstTestServer {

    SockJsTestServer server;
    /** The echo service's URL. */
    String base;

    @BeforeAll
    void start() {
        server = new SockJsTestServer(SockJsTestServer.testOptions());
        base = server.base() + "/echo";
    }

    @AfterAll
    void stop() {
        server.close();
    }
}
