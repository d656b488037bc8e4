package dev.anemone.sockjs.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one session's callbacks one at a time, in the order they were offered, on whichever
 * thread drains while none is running: the event loop that read a send, the timer thread, or an
 * application thread. A session needs no thread of its own for it. Offering happens under the
 * session's lock, so the order is the order of the session's events; draining happens outside
 * it, so a callback may call back into the session.
 */
final class CallbackQueue {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** Queues {@code task}; it runs at the next {@link #drain()}. */
    void offer(Runnable task) {
        tasks.add(task);
    }

    /** Runs what is queued, unless another thread is running it already. Tasks guard themselves. */
    void drain() {
        while (!tasks.isEmpty() && running.compareAndSet(false, true)) {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            } finally {
                running.set(false);
            }
        }
    }
}
