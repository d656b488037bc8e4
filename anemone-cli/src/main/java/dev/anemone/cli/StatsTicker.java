package dev.anemone.cli;

import dev.anemone.MetricsText;
import dev.anemone.WebSocketServer;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints a server's metrics on one line every so often, for {@code anemone serve --stats}. */
final class StatsTicker implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "anemone-serve-stats");
        thread.setDaemon(true);
        return thread;
    });

    /** Prints {@code server}'s summary to {@code out} every {@code intervalMillis}, the first after one interval. */
    StatsTicker(WebSocketServer server, PrintWriter out, long intervalMillis) {
        timer.scheduleAtFixedRate(() -> {
            out.println("stats: " + MetricsText.summary(server.metrics()));
            out.flush();
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
