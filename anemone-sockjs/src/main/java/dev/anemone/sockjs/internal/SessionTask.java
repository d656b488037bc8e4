package dev.anemone.sockjs.internal;

import dev.anemone.ScheduledTask;
import java.util.concurrent.ScheduledFuture;

/** A task the application scheduled on a session: fired by the timer, run in turn with the session's callbacks. */
final class SessionTask implements ScheduledTask {

    private final Session session;
    private final Runnable action;
    private volatile ScheduledFuture<?> future;
    private volatile boolean cancelled;

    SessionTask(Session session, Runnable action) {
        this.session = session;
        this.action = action;
    }

    void bind(ScheduledFuture<?> value) {
        future = value;
        if (cancelled) {
            value.cancel(false);
        }
    }

    Runnable action() {
        return action;
    }

    void fire() {
        if (!cancelled) {
            session.runTask(this);
        }
    }

    @Override
    public boolean cancel() {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        ScheduledFuture<?> bound = future;
        return bound == null || bound.cancel(false) || !bound.isDone();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
