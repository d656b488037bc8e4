package dev.anemone.internal;

import java.time.Duration;

/**
 * Stops a server gracefully when the JVM is asked to end (SIGINT, SIGTERM, {@code System.exit}):
 * every open connection is closed with 1001 and given the grace period for its closing
 * handshake. The hook is removed when the server is stopped otherwise, so a program that starts
 * and stops many servers keeps no hooks behind.
 */
public final class ShutdownHook {

    private static final Log LOG = Log.of(ShutdownHook.class);

    private ShutdownHook() {
    }

    /** Installs the hook for {@code server}, which has started. */
    public static void install(ServerRuntime server, Duration grace) {
        Thread hook = new Thread(() -> server.stop(grace).join(), "anemone-shutdown-" + server.port());
        Runtime.getRuntime().addShutdownHook(hook);
        server.terminated().thenRun(() -> remove(hook));
    }

    private static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is ending and runs the hooks, ours among them: it finds the server stopped.
            LOG.debug("the JVM is shutting down; its hook stays");
        }
    }
}
