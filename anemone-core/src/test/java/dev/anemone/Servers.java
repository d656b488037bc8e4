package dev.anemone;

/** Servers and listeners the core tests share. */
final class Servers {

    private Servers() {
    }

    /** Echoes text as text and binary as binary. */
    static final WebSocketListener ECHO = new EchoListener();

    /** A builder for a loopback server on a free port with an echo endpoint at /echo. */
    static WebSocketServer.Builder echo() {
        return WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2).endpoint("/echo", ECHO);
    }
}
