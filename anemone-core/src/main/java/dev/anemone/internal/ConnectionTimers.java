package dev.anemone.internal;

import dev.anemone.ScheduledTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timers of one event loop's connections. Most connections never set one, so the loop keeps
 * them, by connection, rather than every connection holding a field for a list it never needs: a
 * connection's list is made with its first timer and dropped with its last. Loop thread only,
 * except {@link #schedule}.
 *
 * <p>A connection's tasks run on its loop, or on its executor when its callbacks run there, through
 * its callbacks: one at a time with its other callbacks, and what they throw is reported to
 * {@code onError} and closes the connection with 1011. They stop running once the connection is
 * closing, and are forgotten when it has closed.
 */
final class ConnectionTimers {

    private final Map<WebSocketSession, Tasks> bySession = new IdentityHashMap<>();

    /** Schedules {@code action} on {@code session}'s loop, once ({@code period} null) or at a fixed rate. Any thread. */
    static ScheduledTask schedule(WebSocketSession session, Duration delay, Duration period, Runnable action) {
        long delayNanos = LoopTask.nanos(delay, "delay", false);
        EventLoop loop = session.loop();
        LoopTask task = new LoopTask(loop, period, action);
        loop.execute(() -> loop.connectionTimers().add(session, task, delayNanos));
        return task;
    }

    /** {@code session} has closed: its tasks are cancelled. Loop thread. */
    static void closed(WebSocketSession session) {
        ConnectionTimers timers = session.loop().connectionTimersIfAny();
        Tasks tasks = timers == null ? null : timers.bySession.remove(session);
        if (tasks != null) {
            for (LoopTask task : tasks.list.toArray(new LoopTask[0])) {
                task.cancelOnLoop();
            }
        }
    }

    private void add(WebSocketSession session, LoopTask task, long delayNanos) {
        if (session.isClosingOrClosed()) {
            task.cancelOnLoop();
            return;
        }
        Tasks tasks = bySession.computeIfAbsent(session, Tasks::new);
        tasks.list.add(task);
        task.start(tasks, delayNanos);
    }

    /** How many connections of the loop have timers; for tests. */
    int connections() {
        return bySession.size();
    }

    /** One connection's timers: the owner of its tasks. */
    private final class Tasks implements LoopTask.Owner {
        private final WebSocketSession session;
        private final List<LoopTask> list = new ArrayList<>(2);

        Tasks(WebSocketSession session) {
            this.session = session;
        }

        @Override
        public boolean isLive() {
            return !session.isClosingOrClosed();
        }

        @Override
        public void run(LoopTask task) {
            session.callbacks().task(session, task.runner());
        }

        @Override
        public void forget(LoopTask task) {
            list.remove(task);
            if (list.isEmpty()) {
                bySession.remove(session, this);
            }
        }
    }
}
