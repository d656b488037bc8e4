package dev.anemone.internal;

import dev.anemone.ScheduledTask;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's own timers: tasks that belong to no connection (a ticker that broadcasts, a sweep
 * of the application's state), run on the server's loops in turn until the server stops. What a
 * task throws is caught and logged, and that task does not run again, as with a
 * {@code ScheduledExecutorService}; nothing else notices.
 */
public final class ServerTimers implements LoopTask.Owner {

    private static final Log LOG = Log.of(ServerTimers.class);

    private final EventLoopGroup loops;
    private final Set<LoopTask> tasks = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    ServerTimers(EventLoopGroup loops) {
        this.loops = loops;
    }

    /** Schedules {@code action} once ({@code period} null) or at a fixed rate. Any thread. */
    public ScheduledTask schedule(Duration delay, Duration period, Runnable action) {
        long delayNanos = LoopTask.nanos(delay, "delay", false);
        EventLoop loop = loops.next();
        LoopTask task = new LoopTask(loop, period, action);
        tasks.add(task);
        loop.execute(() -> task.start(this, delayNanos));
        if (stopped) {
            // The server stopped meanwhile; its loops may never run the start.
            task.cancel();
        }
        return task;
    }

    /** The server stops: no task runs again. Any thread. */
    void cancelAll() {
        stopped = true;
        for (LoopTask task : tasks) {
            task.cancel();
        }
    }

    @Override
    public boolean isLive() {
        return !stopped;
    }

    @Override
    public void run(LoopTask task) {
        Callbacks.Called<Void> ran = Callbacks.call("a server task", true, () -> {
            task.runner().run();
            return null;
        });
        if (ran.failed()) {
            LOG.warn("a task scheduled on the server threw; it will not run again", ran.failure());
            task.cancel();
        }
    }

    @Override
    public void forget(LoopTask task) {
        tasks.remove(task);
    }
}
