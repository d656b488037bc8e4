package dev.anemone;

import java.time.Duration;

/**
 * An echo server for {@link ServerTerminationTest} to run in a JVM of its own, as a user's
 * {@code main} would: it prints its port, then waits until the server is stopped. With the
 * argument {@code hook} it stops gracefully on SIGTERM.
 */
final class ShutdownHookMain {

    private ShutdownHookMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WebSocketServer.Builder builder = Servers.echo();
        if (args.length > 0 && args[0].equals("hook")) {
            builder.stopOnShutdown(Duration.ofSeconds(5));
        }
        WebSocketServer server = builder.start();
        System.out.println("port " + server.port());
        server.awaitTermination();
    }
}
