package dev.anemone.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures the library hands out off its event loops, so that the stages an
 * application chains on them ({@code thenAccept}, a {@code join()} inside one) never run on, and
 * never block, a loop. One pool of daemon threads, made as needed and ended after a minute idle.
 */
final class Completions {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Executor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "anemone-completion-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private Completions() {
    }

    /** Completes {@code future} with {@code value} on a pool thread. */
    static <T> void complete(CompletableFuture<T> future, T value) {
        POOL.execute(() -> future.complete(value));
    }

    /** Fails {@code future} with {@code failure} on a pool thread. */
    static void fail(CompletableFuture<?> future, Throwable failure) {
        POOL.execute(() -> future.completeExceptionally(failure));
    }
}
