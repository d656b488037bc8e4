package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopTest {

    private static final long WAIT_SECONDS = 10;

    private final EventLoop loop = new EventLoop("event-loop-test");

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5_000);
    }

    // ------------------------------------------------------------ tasks

    @Test
    void executeFromAnotherThreadRunsTheTaskOnTheLoopThread() throws Exception {
        assertThat(loop.inLoop()).isFalse();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        loop.execute(() -> {
            inLoop.complete(loop.inLoop());
            ranOn.complete(Thread.currentThread());
        });
        Thread thread = ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).isEqualTo("event-loop-test");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(inLoop.get()).isTrue();
    }

    @Test
    void executeOnTheLoopRunsTheTaskAtOnce() throws Exception {
        List<String> order = onLoop(() -> {
            List<String> seen = new ArrayList<>();
            seen.add("before");
            loop.execute(() -> seen.add("executed"));
            seen.add("after");
            return seen;
        });
        assertThat(order).containsExactly("before", "executed", "after");
    }

    @Test
    void submitOnTheLoopRunsTheTaskLaterNotInline() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(() -> {
            seen.add("before");
            loop.submit(() -> {
                seen.add("submitted");
                ran.countDown();
            });
            seen.add("after");
        });
        assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("before", "after", "submitted");
    }

    @Test
    void manySubmitsFromOtherThreadsAllRunOnTheLoopInEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        int[] lastSeen = new int[threads];   // touched on the loop thread only
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger offLoop = new AtomicInteger();
        List<Thread> submitters = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread submitter = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    int n = i;
                    loop.submit(() -> {
                        if (!loop.inLoop()) {
                            offLoop.incrementAndGet();
                        }
                        if (lastSeen[id] != n - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[id] = n;
                        done.countDown();
                    });
                }
            });
            submitter.start();
            submitters.add(submitter);
        }
        go.countDown();
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("every task ran; %d left", done.getCount()).isTrue();
        for (Thread submitter : submitters) {
            submitter.join(5_000);
        }
        assertThat(offLoop).hasValue(0);
        assertThat(outOfOrder).hasValue(0);
    }

    @Test
    void anIdleLoopWakesUpForEachTaskHandedOver() throws Exception {
        // Each task is handed over while the loop sleeps in select with nothing to do: a lost
        // wakeup would leave one of them waiting forever.
        for (int i = 0; i < 500; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            loop.submit(ran::countDown);
            assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
        }
    }

    // ------------------------------------------------------------ timers

    @Test
    void aTimerRunsOnTheLoopAfterItsDelay() throws Exception {
        long delay = TimeUnit.MILLISECONDS.toNanos(50);
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        loop.execute(() -> {
            long start = System.nanoTime();
            loop.schedule(delay, () -> {
                inLoop.complete(loop.inLoop());
                elapsed.complete(System.nanoTime() - start);
            });
        });
        assertThat(elapsed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(delay);
        assertThat(inLoop.get()).isTrue();
    }

    @Test
    void timersRunInTheOrderOfTheirDeadlines() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(3);
        loop.execute(() -> {
            for (int millis : new int[] {60, 20, 40}) {
                loop.schedule(TimeUnit.MILLISECONDS.toNanos(millis), () -> {
                    order.add(millis);
                    all.countDown();
                });
            }
        });
        assertThat(all.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(20, 40, 60);
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);
        loop.execute(() -> {
            EventLoop.Timer cancelled = loop.schedule(TimeUnit.MILLISECONDS.toNanos(20), cancelledRuns::incrementAndGet);
            cancelled.cancel();
            // One cancelled by an earlier timer, when it is due with it.
            EventLoop.Timer cancelledByTimer = loop.schedule(TimeUnit.MILLISECONDS.toNanos(40), cancelledRuns::incrementAndGet);
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(30), cancelledByTimer::cancel);
            // Due after both: once it ran, they would have run if they were going to.
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(80), later::countDown);
        });
        assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRuns).hasValue(0);
    }

    // ------------------------------------------------------------ what fails stays in the loop

    static Stream<Arguments> throwables() {
        return Stream.of(
                Arguments.of("RuntimeException", (Supplier<Throwable>) () -> new IllegalStateException("task failed on purpose")),
                Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("task failed on purpose")),
                Arguments.of("OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("thrown by hand on purpose")),
                Arguments.of("StackOverflowError", (Supplier<Throwable>) () -> new StackOverflowError("thrown by hand on purpose")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throwables")
    void aTaskThatThrowsDoesNotEndTheLoop(String name, Supplier<Throwable> failure) throws Exception {
        Thread before = onLoop(Thread::currentThread);
        CountDownLatch sameBatch = new CountDownLatch(1);
        loop.submit(() -> sneakyThrow(failure.get()));
        loop.submit(sameBatch::countDown);
        assertThat(sameBatch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("a task queued behind it ran").isTrue();

        Thread after = onLoop(Thread::currentThread);
        assertThat(after).isSameAs(before);
        assertThat(after.isAlive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throwables")
    void aTimerThatThrowsDoesNotEndTheLoopNorStopTimersDueWithIt(String name, Supplier<Throwable> failure) throws Exception {
        CountDownLatch next = new CountDownLatch(2);
        loop.execute(() -> {
            long delay = TimeUnit.MILLISECONDS.toNanos(10);
            loop.schedule(delay, () -> sneakyThrow(failure.get()));
            loop.schedule(delay, next::countDown);
            loop.schedule(delay * 3, next::countDown);
        });
        assertThat(next.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop(() -> Thread.currentThread().isAlive())).isTrue();
    }

    @Test
    void aHandlerThatThrowsWhenItsChannelIsReadyDoesNotEndTheLoop() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            CountDownLatch calledOnce = new CountDownLatch(1);
            CountDownLatch calledTwice = new CountDownLatch(2);
            Selectable throwing = new Selectable() {
                @Override
                public void onReady(int readyOps) {
                    try {
                        pipe.source().read(ByteBuffer.allocate(64));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    calledOnce.countDown();
                    calledTwice.countDown();
                    throw new OutOfMemoryError("thrown by hand on purpose");
                }

                @Override
                public void onLoopShutdown() {
                }
            };
            onLoop(() -> loop.register(pipe.source(), SelectionKey.OP_READ, throwing));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertThat(calledOnce.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(onLoop(() -> Thread.currentThread().isAlive())).isTrue();

            // The handler stays registered and hears of the next bytes.
            pipe.sink().write(ByteBuffer.wrap(new byte[] {2}));
            assertThat(calledTwice.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    // ------------------------------------------------------------ the sweep

    /** A member that records when it is swept. */
    private static final class Member extends Sweepable {
        final String name;
        final AtomicInteger sweeps = new AtomicInteger();
        volatile long lastNow;
        volatile CountDownLatch next = new CountDownLatch(0);
        volatile RuntimeException failure;

        Member(String name) {
            this.name = name;
        }

        @Override
        void sweep(long nowNanos) {
            lastNow = nowNanos;
            sweeps.incrementAndGet();
            next.countDown();
            if (failure != null) {
                throw failure;
            }
        }

        /** Waits until swept {@code times} more times. */
        void awaitSweeps(int times) throws InterruptedException {
            CountDownLatch latch = expectSweeps(times);
            assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s swept %d more times", name, times).isTrue();
        }

        /** A latch that opens when this member has been swept {@code times} more times. */
        CountDownLatch expectSweeps(int times) {
            CountDownLatch latch = new CountDownLatch(times);
            next = latch;
            return latch;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void theSweepVisitsEveryMemberAgainAndAgain() throws Exception {
        long added = System.nanoTime();
        // More than one slice of the sweep's worth.
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            members.add(new Member("m" + i));
        }
        List<CountDownLatch> twice = new ArrayList<>();
        for (Member member : members) {
            twice.add(member.expectSweeps(2));
        }
        onLoop(() -> {
            members.forEach(m -> loop.addMember(m, TimeUnit.MILLISECONDS.toNanos(10)));
            return null;
        });
        for (int i = 0; i < members.size(); i++) {
            assertThat(twice.get(i).await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s swept twice", members.get(i)).isTrue();
        }
        assertThat(members).allSatisfy(m -> assertThat(m.lastNow - added).isPositive());
    }

    @Test
    void aMemberThatThrowsDoesNotStopTheSweepOfOthers() throws Exception {
        Member failing = new Member("failing");
        failing.failure = new IllegalStateException("sweep failed on purpose");
        Member other = new Member("other");
        onLoop(() -> {
            loop.addMember(other, TimeUnit.MILLISECONDS.toNanos(10));
            loop.addMember(failing, TimeUnit.MILLISECONDS.toNanos(10));
            return null;
        });
        failing.awaitSweeps(2);
        other.awaitSweeps(2);
    }

    @Test
    void aShorterIntervalTakesOverTheSweep() throws Exception {
        Member slow = new Member("slow");
        Member fast = new Member("fast");
        onLoop(() -> {
            loop.addMember(slow, TimeUnit.HOURS.toNanos(1));
            loop.addMember(fast, TimeUnit.MILLISECONDS.toNanos(10));
            return null;
        });
        fast.awaitSweeps(3);
        slow.awaitSweeps(1);
    }

    @Test
    void aRemovedMemberIsNotSweptAgainAndTheLastTakesItsPlace() throws Exception {
        Member a = new Member("a");
        Member b = new Member("b");
        Member c = new Member("c");
        onLoop(() -> {
            loop.addMember(a, TimeUnit.MILLISECONDS.toNanos(10));
            loop.addMember(b, TimeUnit.MILLISECONDS.toNanos(10));
            loop.addMember(c, TimeUnit.MILLISECONDS.toNanos(10));
            return null;
        });
        b.awaitSweeps(1);
        assertThat(List.of(a.sweepIndex(), b.sweepIndex(), c.sweepIndex())).containsExactly(0, 1, 2);

        int sweepsOfB = onLoop(() -> {
            loop.removeMember(b);
            return b.sweeps.get();
        });
        // Constant time: the last member moved into the gap, nobody else was shifted.
        assertThat(List.of(a.sweepIndex(), b.sweepIndex(), c.sweepIndex())).containsExactly(0, -1, 1);

        a.awaitSweeps(3);
        c.awaitSweeps(3);
        assertThat(b.sweeps).hasValue(sweepsOfB);

        // Removing it again, or a member never added, changes nothing.
        Member stranger = new Member("stranger");
        onLoop(() -> {
            loop.removeMember(b);
            loop.removeMember(stranger);
            return null;
        });
        assertThat(List.of(a.sweepIndex(), c.sweepIndex(), stranger.sweepIndex())).containsExactly(0, 1, -1);
        a.awaitSweeps(1);
        c.awaitSweeps(1);

        // The last member removed leaves the others where they are.
        onLoop(() -> {
            loop.removeMember(c);
            return null;
        });
        assertThat(List.of(a.sweepIndex(), c.sweepIndex())).containsExactly(0, -1);
        int sweepsOfC = c.sweeps.get();
        a.awaitSweeps(2);
        assertThat(c.sweeps).hasValue(sweepsOfC);
    }

    // ------------------------------------------------------------ shutdown

    @Test
    void shutdownReleasesRegisteredChannelsAndEndsTheThread() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            CountDownLatch released = new CountDownLatch(1);
            Selectable handler = new Selectable() {
                @Override
                public void onReady(int readyOps) {
                }

                @Override
                public void onLoopShutdown() {
                    released.countDown();
                }
            };
            onLoop(() -> loop.register(pipe.source(), SelectionKey.OP_READ, handler));
            Thread thread = onLoop(Thread::currentThread);

            loop.shutdown();
            loop.awaitTermination(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

            assertThat(released.getCount()).isZero();
            assertThat(thread.isAlive()).isFalse();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    // ------------------------------------------------------------ helpers

    /** Runs {@code code} on the loop and waits for its result. */
    private <T> T onLoop(Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(code.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }
}
