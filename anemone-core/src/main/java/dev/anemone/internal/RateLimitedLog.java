package dev.anemone.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One kind of failure logged at most once per interval: the first occurrence is logged at once,
 * those that follow within the interval are only counted, and the next line logged says how many
 * were left out since the previous one. A failure that repeats thousands of times a second (accept
 * out of file descriptors, say) then costs one log line per interval instead of flooding the log
 * and the CPU that formats it.
 *
 * <p>Safe to use from several threads; like {@link Log}, it never throws.
 */
final class RateLimitedLog {

    /** Where the lines go: a {@link Log} in production, a list in tests. */
    @FunctionalInterface
    interface Sink {
        void log(Level level, String message, Throwable cause);
    }

    private final Sink sink;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier clock;
    /** Whether anything was logged yet; {@link #lastLogged} means nothing until then. */
    private boolean loggedOnce;
    private long lastLogged;
    private long suppressed;

    /** Logs through {@code log} at {@code level}, at most one line per {@code interval}. */
    RateLimitedLog(Log log, Level level, Duration interval) {
        this(log::log, level, interval.toNanos(), System::nanoTime);
    }

    /** For tests: lines go to {@code sink}, and time is read from {@code clock} (nanoseconds). */
    RateLimitedLog(Sink sink, Level level, long intervalNanos, LongSupplier clock) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.sink = sink;
        this.level = level;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * Reports one occurrence: logs {@code message} with {@code cause} if no line went out within
     * the interval, else counts it. Returns whether a line was logged. Never throws.
     */
    boolean log(String message, Throwable cause) {
        long dropped;
        try {
            long now = clock.getAsLong();
            synchronized (this) {
                if (loggedOnce && now - lastLogged < intervalNanos) {
                    suppressed++;
                    return false;
                }
                loggedOnce = true;
                lastLogged = now;
                dropped = suppressed;
                suppressed = 0;
            }
        } catch (Throwable clockFailed) {
            return false;
        }
        try {
            sink.log(level, dropped == 0 ? message
                    : message + " (and " + dropped + " more like it since the last report)", cause);
        } catch (Throwable loggingFailed) {
            // Never mind: the next report is due in an interval, whatever became of this one.
        }
        return true;
    }

    /** How many occurrences were counted but not logged since the last line. */
    synchronized long suppressed() {
        return suppressed;
    }
}
