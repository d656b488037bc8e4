package dev.anemone.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The events one side reported, in order. A test awaits the next event it expects; the others
 * stay for later awaits. When a peer process ends an {@code exit} event (with its stderr) is
 * added, so an await that can no longer succeed fails at once and says why.
 */
final class EventLog {

    /** Long enough for 8 MiB through the slowest peer, short enough to fail a stuck test soon. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String owner;
    private final List<Event> pending = new ArrayList<>();
    private final List<Event> seen = new ArrayList<>();

    EventLog(String owner) {
        this.owner = owner;
    }

    synchronized void add(Event event) {
        pending.add(event);
        seen.add(event);
        notifyAll();
    }

    /** Takes the first pending event called {@code name}, waiting for it if need be. */
    Event await(String name) {
        return await(name, event -> true);
    }

    /** Takes the first pending event called {@code name} that {@code match}es, waiting for it if need be. */
    synchronized Event await(String name, Predicate<Event> match) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Event exit = null;
            for (Iterator<Event> it = pending.iterator(); it.hasNext(); ) {
                Event event = it.next();
                if (event.name().equals(name) && match.test(event)) {
                    it.remove();
                    return event;
                }
                if (event.name().equals("exit")) {
                    exit = event;
                }
            }
            if (exit != null) {
                throw new AssertionError(owner + " ended before reporting '" + name + "': " + exit + "\nall events: " + seen);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(owner + " reported no matching '" + name + "' within " + TIMEOUT
                        + "\nall events: " + seen);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for '" + name + "' from " + owner, e);
            }
        }
    }

    /** The events called {@code name} reported so far, taken or not. */
    synchronized List<Event> seen(String name) {
        return seen.stream().filter(event -> event.name().equals(name)).toList();
    }

    @Override
    public synchronized String toString() {
        return owner + ": " + seen;
    }
}
