package dev.anemone.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * Where TLS engines' delegated tasks run: the expensive steps of a handshake (key exchange,
 * signing, checking certificates) that would hold up every connection of a loop if they ran on
 * it. A few daemon threads, one per core, shared by every server and client of the process; a
 * burst of handshakes queues here instead of starting a thread each.
 */
final class TlsTasks {

    private static final ThreadPoolExecutor POOL = pool();

    private TlsTasks() {
    }

    private static ThreadPoolExecutor pool() {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "anemone-tls-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs every task {@code engine} has, then tells {@code done} on the pool's thread: with null,
     * or with what a task threw.
     */
    static void run(SSLEngine engine, Consumer<Throwable> done) {
        try {
            POOL.execute(() -> {
                Throwable failure = null;
                try {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                } catch (Throwable e) {
                    failure = e;
                }
                done.accept(failure);
            });
        } catch (RejectedExecutionException e) {
            done.accept(e);
        }
    }
}
