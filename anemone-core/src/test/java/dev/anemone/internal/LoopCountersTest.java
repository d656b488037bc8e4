package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoopCounters}: one thread counts, any other reads, and what it reads is never torn, never
 * goes back, and never shows more connections closed than opened.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopCountersTest {

    @Test
    void countsEachKindApart() {
        LoopCounters counters = new LoopCounters();
        counters.opened();
        counters.opened();
        counters.closed(1000);
        counters.closed(4001);
        counters.messageIn();
        counters.messagesOut(3);
        counters.bytesIn(100);
        counters.bytesOut(250);
        counters.messageDropped();
        counters.refused(403);
        counters.answered(200);
        counters.answered(200);

        LoopCounters.Sums sums = new LoopCounters.Sums();
        counters.addTo(sums);
        assertThat(sums.opened).isEqualTo(2);
        assertThat(sums.closedByCode).isEqualTo(Map.of(1000, 1L, 4001, 1L));
        assertThat(sums.closed()).isEqualTo(2);
        assertThat(sums.messagesIn).isEqualTo(1);
        assertThat(sums.messagesOut).isEqualTo(3);
        assertThat(sums.bytesIn).isEqualTo(100);
        assertThat(sums.bytesOut).isEqualTo(250);
        assertThat(sums.dropped).isEqualTo(1);
        assertThat(sums.refusedByStatus).isEqualTo(Map.of(403, 1L));
        assertThat(sums.answeredByStatus).isEqualTo(Map.of(200, 2L));
    }

    @Test
    void codesAndStatusesOutsideTheRangesCountedAreIgnoredNotThrown() {
        LoopCounters counters = new LoopCounters();
        counters.closed(999);
        counters.closed(2000);
        counters.closed(5000);
        counters.refused(99);
        counters.answered(600);
        LoopCounters.Sums sums = new LoopCounters.Sums();
        counters.addTo(sums);
        assertThat(sums.closedByCode).isEmpty();
        assertThat(sums.refusedByStatus).isEmpty();
        assertThat(sums.answeredByStatus).isEmpty();
    }

    @Test
    void aReaderOnAnotherThreadSeesCountsGrowAndNeverMoreClosedThanOpened() throws Exception {
        LoopCounters counters = new LoopCounters();
        int connections = 500_000;
        CountDownLatch writerDone = new CountDownLatch(1);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < connections; i++) {
                    counters.opened();
                    counters.bytesIn(1L << 33);   // counts past 32 bits: a torn read would show
                    counters.messageIn();
                    counters.closed(i % 2 == 0 ? 1000 : 1006);
                }
            } catch (Throwable e) {
                writerFailed.set(e);
            } finally {
                writerDone.countDown();
            }
        }, "counting loop");
        writer.start();

        long lastOpened = 0;
        long lastBytes = 0;
        int reads = 0;
        while (writerDone.getCount() > 0 || reads == 0) {
            LoopCounters.Sums sums = new LoopCounters.Sums();
            counters.addTo(sums);
            assertThat(sums.opened).isGreaterThanOrEqualTo(lastOpened);
            assertThat(sums.bytesIn).isGreaterThanOrEqualTo(lastBytes);
            assertThat(sums.bytesIn % (1L << 33)).as("never torn").isZero();
            assertThat(sums.opened - sums.closed()).as("open, read while the writer counts").isNotNegative();
            lastOpened = sums.opened;
            lastBytes = sums.bytesIn;
            reads++;
        }
        writer.join();
        assertThat(writerFailed.get()).isNull();

        LoopCounters.Sums last = new LoopCounters.Sums();
        counters.addTo(last);
        assertThat(last.opened).isEqualTo(connections);
        assertThat(last.messagesIn).isEqualTo(connections);
        assertThat(last.bytesIn).isEqualTo(connections * (1L << 33));
        assertThat(last.closedByCode).isEqualTo(Map.of(1000, (long) connections / 2, 1006, (long) connections / 2));
    }
}
