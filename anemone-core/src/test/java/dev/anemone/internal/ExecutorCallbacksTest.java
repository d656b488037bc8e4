package dev.anemone.internal;

import static dev.anemone.internal.InlineCallbacksTest.ascii;
import static dev.anemone.internal.InlineCallbacksTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecutorCallbacksTest {

    private static final long WAIT_SECONDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final WebSocket socket = RecordingListener.fakeSocket("socket-1");
    private final RecordingListener listener = new RecordingListener();
    private final RecordingListener.Connection connection = new RecordingListener.Connection(socket, listener);
    private final Pauses pauses = new Pauses();

    /** Held, so that the level set below stays: a refusing executor logs a warning each time. */
    private final Logger callbacksLog = Logger.getLogger(Callbacks.class.getName());
    private Level levelBefore;

    @BeforeEach
    void quietRefusals() {
        levelBefore = callbacksLog.getLevel();
        callbacksLog.setLevel(Level.SEVERE);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        callbacksLog.setLevel(levelBefore);
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void callbacksRunOnTheExecutorOneAtATimeInOrder() throws Exception {
        ExecutorCallbacks callbacks = on(pool, 1_000_000);
        // Not volatile, not atomic: a listener needs no locks, since one callback ends before the next starts.
        int[] seenByListener = {0};
        listener.before = line -> {
            seenByListener[0]++;
            for (int spin = 0; spin < 200; spin++) {
                Thread.onSpinWait();   // long enough for a second thread to overlap, if one could
            }
        };
        int messages = 3000;
        List<String> expected = new ArrayList<>();
        callbacks.open(connection);
        expected.add("open");
        for (int i = 0; i < messages; i++) {
            if (i % 100 == 0) {
                callbacks.ping(connection, ascii("p" + i));
                expected.add("ping:p" + i);
            }
            callbacks.binary(connection, ascii("m" + i));
            expected.add("binary:m" + i);
        }
        callbacks.close(connection, 1000, "done", true);
        expected.add("close:1000:done:true");

        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.events()).containsExactlyElementsOf(expected);
        assertThat(listener.overlaps).as("callbacks that ran at the same time").hasValue(0);
        assertThat(listener.threads()).doesNotContain(Thread.currentThread());
        assertThat(listener.threads()).allSatisfy(t -> assertThat(t.getName()).startsWith("pool-"));
        assertThat(seenByListener[0]).isEqualTo(expected.size());
        assertThat(callbacks.runsOnLoop()).isFalse();
    }

    @Test
    void everyMessageOwnsACopyOfItsBytes() throws Exception {
        ExecutorCallbacks callbacks = on(pool, 1_000_000);
        CountDownLatch release = new CountDownLatch(1);
        listener.before = line -> {
            if (line.equals("open")) {
                await(release);
            }
        };
        callbacks.open(connection);   // holds the executor until every buffer below was handed over and overwritten

        ByteBuffer text = ByteBuffer.wrap("..hello..".getBytes(StandardCharsets.UTF_8)).position(2).limit(7);
        ByteBuffer binary = ByteBuffer.allocateDirect(16).put("xxbinaryxx".getBytes(StandardCharsets.ISO_8859_1)).flip().position(2).limit(8);
        ByteBuffer ping = ascii("ping!");
        ByteBuffer pong = ascii("pong!");
        callbacks.text(connection, text);
        callbacks.binary(connection, binary);
        callbacks.ping(connection, ping);
        callbacks.pong(connection, pong);
        callbacks.close(connection, 1000, "", true);
        // Handing over did not consume the caller's buffers...
        assertThat(List.of(text.position(), binary.position(), ping.position(), pong.position())).containsExactly(2, 2, 0, 0);
        // ...which are the caller's again, to reuse at once (the loop's read buffer is).
        for (ByteBuffer original : List.of(text, binary, ping, pong)) {
            original.clear();
            while (original.hasRemaining()) {
                original.put((byte) 'X');
            }
        }
        release.countDown();

        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.events()).containsExactly(
                "open", "text:hello", "binary:binary", "ping:ping!", "pong:pong!", "close:1000::true");
    }

    @Test
    void readingPausesWhenTooManyMessagesWaitAndResumesAtHalf() throws Exception {
        int max = 4;
        ExecutorCallbacks callbacks = on(pool, max);
        CountDownLatch release = new CountDownLatch(1);
        listener.before = line -> {
            if (line.startsWith("text") || line.startsWith("binary")) {
                await(release);   // the first message holds the executor: the rest pile up
            }
        };

        // Control frames and the rest do not count: only messages fill the backlog.
        for (int i = 0; i < 10; i++) {
            callbacks.ping(connection, ascii("p"));
            callbacks.pong(connection, ascii("p"));
        }
        callbacks.drain(connection);
        for (int i = 1; i <= 7; i++) {
            if (i % 2 == 0) {
                callbacks.text(connection, utf8("m" + i));
            } else {
                callbacks.binary(connection, ascii("m" + i));
            }
            // Pausing is asked for on the caller's thread, by the message that overfills the backlog.
            assertThat(pauses.calls()).as("after message %d", i).hasSize(i <= max ? 0 : 1);
        }
        callbacks.close(connection, 1000, "", true);
        assertThat(pauses.calls()).containsExactly("pause");

        release.countDown();
        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // Resumed once half the limit is left: when 5 of the 7 were done and 2 waited.
        assertThat(pauses.calls()).containsExactly("pause", "resume after 5 messages");
        assertThat(listener.messagesDone).hasValue(7);
    }

    @Test
    void aListenerThatThrowsStillLetsReadingResume() throws Exception {
        int max = 2;
        ExecutorCallbacks callbacks = on(pool, max);
        CountDownLatch release = new CountDownLatch(1);
        listener.before = line -> {
            if (line.equals("binary:m1")) {
                await(release);
            }
        };
        listener.throwOn.put("binary", () -> new IllegalStateException("listener failed on purpose"));
        for (int i = 1; i <= 4; i++) {
            callbacks.binary(connection, ascii("m" + i));
        }
        callbacks.close(connection, 1011, "", false);
        assertThat(pauses.calls()).containsExactly("pause");

        release.countDown();
        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // The messages after the failure were never delivered, yet they count as done.
        assertThat(listener.events()).containsExactly("binary:m1", "close:1011::false");
        assertThat(pauses.calls()).containsExactly("pause", "resume after 1 messages");
        assertThat(connection.reported()).hasSize(1);
    }

    @Test
    void aListenerThatThrowsOnTheExecutorIsReportedOnceAndHearsOfTheClose() throws Exception {
        ExecutorCallbacks callbacks = on(pool, 1_000_000);
        IllegalStateException thrown = new IllegalStateException("listener failed on purpose");
        listener.throwOn.put("binary", () -> thrown);

        callbacks.open(connection);
        callbacks.binary(connection, ascii("first"));
        callbacks.binary(connection, ascii("second"));
        callbacks.text(connection, utf8("third"));
        callbacks.error(connection, thrown);
        callbacks.close(connection, 1011, "", false);

        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.events()).containsExactly("open", "binary:first", "error:listener failed on purpose", "close:1011::false");
        assertThat(connection.reported()).containsExactly(thrown);
        assertThat(connection.threads()).allSatisfy(t -> assertThat(t.getName()).startsWith("pool-"));
    }

    @Test
    void anExecutorThatRefusesStillGetsEveryCallbackRunOnTheCaller() {
        pool.shutdown();
        ExecutorCallbacks callbacks = on(pool, 1_000_000);
        List<String> expected = new ArrayList<>();

        callbacks.open(connection);
        expected.add("open");
        for (int i = 0; i < 5; i++) {
            callbacks.text(connection, utf8("t" + i));
            expected.add("text:t" + i);
        }
        callbacks.error(connection, new IllegalStateException("an error"));
        expected.add("error:an error");
        callbacks.close(connection, 1006, "", false);
        expected.add("close:1006::false");

        // Nothing waits for an executor that will never run it: each ran before its call returned.
        assertThat(listener.events()).containsExactlyElementsOf(expected);
        assertThat(listener.threads()).containsOnly(Thread.currentThread());
    }

    @Test
    void aBrokenExecutorThatThrowsIsTreatedLikeOneThatRefuses() {
        Executor broken = task -> {
            throw new IllegalStateException("broken on purpose");
        };
        ExecutorCallbacks callbacks = on(broken, 1_000_000);

        callbacks.open(connection);
        callbacks.text(connection, utf8("t"));
        callbacks.close(connection, 1000, "", true);

        assertThat(listener.events()).containsExactly("open", "text:t", "close:1000::true");
        assertThat(listener.threads()).containsOnly(Thread.currentThread());
    }

    @Test
    void anExecutorThatRefusesNowAndThenNeitherLosesNorReordersCallbacks() throws Exception {
        AtomicInteger handed = new AtomicInteger();
        Executor flaky = task -> {
            if (handed.incrementAndGet() % 3 == 0) {
                throw new RejectedExecutionException("full, on purpose");
            }
            pool.execute(task);
        };
        ExecutorCallbacks callbacks = on(flaky, 1_000_000);
        listener.before = line -> {
            for (int spin = 0; spin < 100; spin++) {
                Thread.onSpinWait();
            }
        };
        List<String> expected = new ArrayList<>();
        callbacks.open(connection);
        expected.add("open");
        for (int i = 0; i < 2000; i++) {
            callbacks.binary(connection, ascii("m" + i));
            expected.add("binary:m" + i);
        }
        callbacks.close(connection, 1000, "", true);
        expected.add("close:1000::true");

        assertThat(listener.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.events()).containsExactlyElementsOf(expected);
        assertThat(listener.overlaps).hasValue(0);
        assertThat(handed.get()).as("turns handed to the executor").isGreaterThan(3);
    }

    // ------------------------------------------------------------ helpers

    private ExecutorCallbacks on(Executor executor, int maxPendingMessages) {
        return new ExecutorCallbacks(InlineCallbacks.INSTANCE, executor, maxPendingMessages, pauses);
    }

    /** Records pauses and resumptions, and how many messages the listener had finished at each. */
    private final class Pauses implements Callbacks.ReadPause {
        private final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void pauseForBacklog(boolean paused) {
            calls.add(paused ? "pause" : "resume after " + listener.messagesDone.get() + " messages");
        }

        synchronized List<String> calls() {
            return new ArrayList<>(calls);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
