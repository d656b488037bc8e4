package dev.anemone.internal;

import dev.anemone.ScheduledTask;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task of the application's run by an event loop's timers, once or at a fixed rate, through
 * its owner's boundary: a connection's callbacks, or the server's. A run due while the previous
 * one still waits for an executor is skipped, so a slow executor never piles ticks up, and a
 * loop that was busy past several periods runs the task once, not once per period missed.
 */
final class LoopTask implements ScheduledTask {

    /** Who a task belongs to: a connection or a server. Loop thread. */
    interface Owner {
        /** Whether its tasks may still run: not once a connection is closing or a server stopping. */
        boolean isLive();

        /** Runs {@link LoopTask#runner()} through the owner's boundary: now, or on its executor. */
        void run(LoopTask task);

        /** {@code task} is over: cancelled, or it ran its only time. */
        void forget(LoopTask task);
    }

    /** Delays are capped here, so that deadlines compared by subtraction never wrap (about 146 years). */
    private static final long LONGEST = 1L << 62;
    private static final int ACTIVE = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;

    private final EventLoop loop;
    private final long periodNanos;
    private final AtomicInteger state = new AtomicInteger(ACTIVE);
    private final Runnable fire = this::fire;
    private final Runnable runner = this::runNow;
    /** The application's task; let go once cancelled, as a cancelled timer waits in the loop's queue until it is due. */
    private volatile Runnable action;
    /** A run was handed to the owner's executor and has not started. */
    private volatile boolean waiting;
    private Owner owner;
    private EventLoop.Timer armed;
    private long dueNanos;

    LoopTask(EventLoop loop, Duration period, Runnable action) {
        this.loop = loop;
        this.periodNanos = period == null ? 0 : nanos(period, "period", true);
        this.action = Objects.requireNonNull(action, "task");
    }

    /**
     * A delay or period in nanoseconds, capped.
     *
     * @throws IllegalArgumentException for a negative delay, or a period that is not positive
     */
    static long nanos(Duration value, String name, boolean positive) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || positive && value.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be " + (positive ? "positive" : "zero or more")
                    + ", not " + value);
        }
        return value.compareTo(Duration.ofNanos(LONGEST)) > 0 ? LONGEST : value.toNanos();
    }

    /** Arms the first run for {@code taskOwner}; if the owner is no longer live, the task is cancelled. Loop thread. */
    void start(Owner taskOwner, long delayNanos) {
        owner = taskOwner;
        if (!taskOwner.isLive()) {
            cancelOnLoop();
            return;
        }
        if (state.get() != ACTIVE) {
            return;
        }
        dueNanos = System.nanoTime() + delayNanos;
        armed = loop.schedule(delayNanos, fire);
    }

    private void fire() {
        armed = null;
        if (state.get() != ACTIVE) {
            return;
        }
        if (!owner.isLive()) {
            cancelOnLoop();
            return;
        }
        if (periodNanos > 0) {
            long now = System.nanoTime();
            dueNanos = Math.max(dueNanos + periodNanos, now);
            armed = loop.schedule(dueNanos - now, fire);
        } else if (!state.compareAndSet(ACTIVE, DONE)) {
            return;
        } else {
            owner.forget(this);
        }
        if (!waiting) {
            waiting = true;
            owner.run(this);
        }
    }

    /** What the owner runs through its boundary: the task, unless it was cancelled meanwhile. */
    Runnable runner() {
        return runner;
    }

    private void runNow() {
        waiting = false;
        Runnable task = action;
        if (task != null && state.get() != CANCELLED) {
            task.run();
        }
    }

    @Override
    public boolean cancel() {
        if (!state.compareAndSet(ACTIVE, CANCELLED)) {
            return false;
        }
        loop.execute(this::over);
        return true;
    }

    @Override
    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** Cancels on the owner's behalf, as when its connection closes. Loop thread. */
    void cancelOnLoop() {
        if (state.compareAndSet(ACTIVE, CANCELLED)) {
            over();
        }
    }

    private void over() {
        action = null;
        if (armed != null) {
            armed.cancel();
            armed = null;
        }
        if (owner != null) {
            owner.forget(this);
        }
    }
}
