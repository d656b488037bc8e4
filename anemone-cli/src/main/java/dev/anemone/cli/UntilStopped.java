package dev.anemone.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How a serving command waits: until {@code stopped} opens, while a shutdown hook turns Ctrl-C (or
 * SIGTERM) into the command's own graceful stop, so that clients see a 1001 rather than a 1006.
 */
final class UntilStopped {

    private UntilStopped() {
    }

    /** Blocks until {@code stopped} opens; meanwhile the JVM's shutdown runs {@code stop} on a thread called {@code name}. */
    static void await(CountDownLatch stopped, Runnable stop, String name) throws InterruptedException {
        Thread hook = new Thread(stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what stopped us; it is already running.
        }
    }
}
