package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private record Line(Level level, String message, Throwable cause) {
    }

    private final List<Line> lines = new ArrayList<>();
    /** Starts far from zero, and near overflow, so that only differences of readings can work. */
    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(15));
    private final RateLimitedLog log = new RateLimitedLog((level, message, cause) -> lines.add(new Line(level, message, cause)),
            Level.WARNING, INTERVAL, clock::get);

    @Test
    void theFirstOccurrenceIsLoggedAtOnceWithItsCause() {
        IOException cause = new IOException("Too many open files");
        assertThat(log.log("accept failed", cause)).isTrue();
        assertThat(lines).containsExactly(new Line(Level.WARNING, "accept failed", cause));
    }

    @Test
    void occurrencesWithinTheIntervalAreCountedNotLogged() {
        log.log("accept failed", null);
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(INTERVAL / 2000);
            assertThat(log.log("accept failed", null)).isFalse();
        }
        assertThat(lines).hasSize(1);
        assertThat(log.suppressed()).isEqualTo(1000);
    }

    @Test
    void theNextLineAfterTheIntervalSaysHowManyWereLeftOut() {
        log.log("accept failed", null);
        clock.addAndGet(1);
        log.log("accept failed", null);
        log.log("accept failed", null);
        clock.addAndGet(INTERVAL - 2);
        assertThat(log.log("accept failed", null)).as("one nanosecond short of the interval").isFalse();
        clock.addAndGet(1);
        IOException cause = new IOException("again");
        assertThat(log.log("accept failed", cause)).isTrue();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).message()).isEqualTo("accept failed (and 3 more like it since the last report)");
        assertThat(lines.get(1).cause()).isSameAs(cause);
        assertThat(log.suppressed()).isZero();

        // The count starts over: a lone occurrence after a quiet interval is logged as it is.
        clock.addAndGet(INTERVAL * 5);
        log.log("accept failed", null);
        assertThat(lines.get(2).message()).isEqualTo("accept failed");
    }

    @Test
    void aSteadyStreamGivesOneLinePerInterval() {
        // A failure every millisecond for a minute: six lines, not sixty thousand.
        for (int i = 0; i < 60_000; i++) {
            log.log("accept failed", null);
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(1, 6)).allSatisfy(line ->
                assertThat(line.message()).isEqualTo("accept failed (and 9999 more like it since the last report)"));
    }

    @Test
    void aSinkThatThrowsDoesNotReachTheCallerAndStillStartsTheInterval() {
        int[] calls = {0};
        RateLimitedLog failing = new RateLimitedLog((level, message, cause) -> {
            calls[0]++;
            throw new OutOfMemoryError("formatting failed");
        }, Level.WARNING, INTERVAL, clock::get);
        assertThat(failing.log("accept failed", null)).isTrue();
        assertThat(failing.log("accept failed", null)).isFalse();
        clock.addAndGet(INTERVAL);
        assertThat(failing.log("accept failed", null)).isTrue();
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aClockThatThrowsDoesNotReachTheCaller() {
        RateLimitedLog broken = new RateLimitedLog((level, message, cause) -> lines.add(new Line(level, message, cause)),
                Level.WARNING, INTERVAL, () -> {
                    throw new IllegalStateException("no clock");
                });
        assertThat(broken.log("accept failed", null)).isFalse();
        assertThat(lines).isEmpty();
    }

    @Test
    void theProductionConstructorLogsThroughLog() {
        RateLimitedLog real = new RateLimitedLog(Log.of(RateLimitedLogTest.class), Level.DEBUG, Duration.ofSeconds(10));
        assertThat(real.log("a debugging line from RateLimitedLogTest", null)).isTrue();
        assertThat(real.log("a debugging line from RateLimitedLogTest", null)).isFalse();
        assertThat(real.suppressed()).isEqualTo(1);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new RateLimitedLog((level, message, cause) -> { }, Level.WARNING, 0, clock::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
