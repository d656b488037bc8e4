package dev.anemone.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The library's logging, through {@link System.Logger} so that whatever the application uses
 * (SLF4J, Log4j, java.util.logging) picks it up, and made so that logging can never fail.
 *
 * <p>A logger can throw: out of file descriptors, a handler that opens a file or loads a class
 * fails with an {@code Error}; out of memory, formatting the message does. A loop thread that logs
 * what went wrong must not be ended by the logging itself, so every call here swallows what the
 * logger throws.
 */
public final class Log {

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    /** The log of {@code owner}'s class. */
    public static Log of(Class<?> owner) {
        return new Log(System.getLogger(owner.getName()));
    }

    /** Logs a warning with its cause; never throws. */
    public void warn(String message, Throwable cause) {
        log(Level.WARNING, message, cause);
    }

    /** Logs an error with its cause; never throws. */
    public void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    /** Logs a debugging message; never throws. */
    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    /** Logs at {@code level}; never throws. */
    public void log(Level level, String message, Throwable cause) {
        try {
            if (cause == null) {
                logger.log(level, message);
            } else {
                logger.log(level, message, cause);
            }
        } catch (Throwable loggingFailed) {
            // Nothing better to do: the failure being reported stands, the loop goes on.
        }
    }
}
