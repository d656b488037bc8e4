package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Logging never throws, whatever the logger does: here the backend behind {@link System.Logger}
 * (java.util.logging, with nothing else on the class path) gets a handler that throws.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogTest {

    /** The class whose log is used: its logger is configured here alone. */
    private static final class Owner {
    }

    /** Held, so that the handler and level set below stay on the logger. */
    private final Logger julLogger = Logger.getLogger(Owner.class.getName());
    private final AtomicInteger published = new AtomicInteger();
    private volatile Supplier<Throwable> failure = () -> new IllegalStateException("handler failed on purpose");
    private final Handler throwing = new Handler() {
        @Override
        public void publish(LogRecord record) {
            published.incrementAndGet();
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void installThrowingHandler() {
        julLogger.setUseParentHandlers(false);
        julLogger.setLevel(java.util.logging.Level.ALL);
        julLogger.addHandler(throwing);
    }

    @AfterEach
    void removeThrowingHandler() {
        julLogger.removeHandler(throwing);
        julLogger.setLevel(null);
        julLogger.setUseParentHandlers(true);
    }

    @Test
    void aLoggerThatThrowsAnExceptionDoesNotReachTheCaller() {
        Log log = Log.of(Owner.class);
        assertThatCode(() -> {
            log.warn("a warning", new RuntimeException("the cause"));
            log.error("an error", new RuntimeException("the cause"));
            log.debug("a debugging line");
            log.log(Level.INFO, "no cause", null);
        }).doesNotThrowAnyException();
        assertThat(published).as("the handler was called each time").hasValue(4);
    }

    @Test
    void aLoggerThatThrowsAnErrorDoesNotReachTheCaller() {
        failure = () -> new OutOfMemoryError("thrown by hand on purpose");
        Log log = Log.of(Owner.class);
        assertThatCode(() -> {
            log.error("an error", new IllegalStateException("the cause"));
            log.log(Level.WARNING, "no cause", null);
        }).doesNotThrowAnyException();
        assertThat(published).hasValue(2);

        failure = () -> new StackOverflowError("thrown by hand on purpose");
        assertThatCode(() -> log.warn("again", null)).doesNotThrowAnyException();
        assertThat(published).hasValue(3);
    }
}
