package dev.anemone.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs a connection's callbacks on an {@link Executor}: in the order the events happened, one at
 * a time, never two at once for the same connection, so a listener needs no locks of its own.
 * Each message (or part of one) handed over owns a copy of its bytes.
 *
 * <p>While more than {@code maxPendingMessages} messages wait, reading from the connection is
 * paused, so a slow handler pushes back on its peer through TCP instead of filling the heap.
 * Reading resumes once half of them are done.
 */
final class ExecutorCallbacks extends Callbacks {

    /** Tasks run per turn on the executor before the connection yields the thread to others. */
    private static final int TURN = 64;

    /** A refusing executor refuses every message of every connection: one line per interval says so. */
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, Level.WARNING, Duration.ofSeconds(10));

    private final Callbacks inline;
    private final Executor executor;
    private final int maxPendingMessages;
    private final ReadPause backlog;
    private final Runnable drain = this::runTurn;

    // Guarded by this.
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private int pendingMessages;
    private boolean scheduled;
    private boolean paused;

    ExecutorCallbacks(Callbacks inline, Executor executor, int maxPendingMessages, ReadPause backlog) {
        this.inline = inline;
        this.executor = executor;
        this.maxPendingMessages = maxPendingMessages;
        this.backlog = backlog;
    }

    @Override
    boolean runsOnLoop() {
        return false;
    }

    @Override
    void open(Target target) {
        hand(new Task(false, () -> inline.open(target)));
    }

    @Override
    void text(Target target, ByteBuffer utf8) {
        ByteBuffer own = copyOf(utf8);
        hand(new Task(true, () -> inline.text(target, own)));
    }

    @Override
    void binary(Target target, ByteBuffer data) {
        ByteBuffer own = copyOf(data);
        hand(new Task(true, () -> inline.binary(target, own)));
    }

    @Override
    void textPart(Target target, ByteBuffer utf8, boolean last) {
        ByteBuffer own = copyOf(utf8);
        hand(new Task(true, () -> inline.textPart(target, own, last)));
    }

    @Override
    void binaryPart(Target target, ByteBuffer data, boolean last) {
        ByteBuffer own = copyOf(data);
        hand(new Task(true, () -> inline.binaryPart(target, own, last)));
    }

    @Override
    void ping(Target target, ByteBuffer payload) {
        ByteBuffer own = copyOf(payload);
        hand(new Task(false, () -> inline.ping(target, own)));
    }

    @Override
    void pong(Target target, ByteBuffer payload) {
        ByteBuffer own = copyOf(payload);
        hand(new Task(false, () -> inline.pong(target, own)));
    }

    @Override
    void error(Target target, Throwable error) {
        hand(new Task(false, () -> inline.error(target, error)));
    }

    @Override
    void drain(Target target) {
        hand(new Task(false, () -> inline.drain(target)));
    }

    @Override
    void close(Target target, int code, String reason, boolean wasClean) {
        hand(new Task(false, () -> inline.close(target, code, reason, wasClean)));
    }

    @Override
    void task(Target target, Runnable task) {
        hand(new Task(false, () -> inline.task(target, task)));
    }

    private void hand(Task task) {
        boolean start;
        synchronized (this) {
            tasks.add(task);
            if (task.message && ++pendingMessages > maxPendingMessages && !paused) {
                paused = true;
                // Told under the lock, so that the connection hears pauses and resumes in the
                // order they were decided here.
                backlog.pauseForBacklog(true);
            }
            start = !scheduled;
            scheduled = true;
        }
        if (start) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(drain);
        } catch (Throwable e) {
            // The executor is the application's: shut down, full (RejectedExecutionException) or
            // broken, it would leave this connection's callbacks waiting for good. Run the turn
            // here instead, so that they, and the close, are still reported.
            REFUSED.log("the executor refused the callbacks of " + backlog + "; running them on the calling thread", e);
            runTurn();
        }
    }

    private void runTurn() {
        for (int done = 0; done < TURN; done++) {
            Task task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            task.action.run();
            if (task.message) {
                messageDone();
            }
        }
        // Let other connections' callbacks have the thread, and come back.
        schedule();
    }

    private void messageDone() {
        synchronized (this) {
            pendingMessages--;
            if (paused && pendingMessages <= maxPendingMessages / 2) {
                paused = false;
                backlog.pauseForBacklog(false);
            }
        }
    }

    private static ByteBuffer copyOf(ByteBuffer buffer) {
        return ByteBuffer.allocate(buffer.remaining()).put(buffer.duplicate()).flip();
    }

    /** A callback to run, and whether it delivers a message (which counts towards the backlog). */
    private record Task(boolean message, Runnable action) {
    }
}
