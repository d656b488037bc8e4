package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers on a connection's loop and on the server: they tick, they run where the connection's
 * callbacks run and never beside one, they stop when the connection closes or the server stops,
 * and a task that throws is met at the callback boundary.
 */
@Timeout(60)
class TimersTest {

    private static final long WAIT_SECONDS = 5;

    private WebSocketServer server;
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private WebSocket connect(String path, WebSocketListener listener) throws Exception {
        return WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + path), listener)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A ticker: every 10 ms, from onOpen, sends a tick and records it, and what happened after onClose. */
    private static final class Ticker implements WebSocketListener {
        final CountDownLatch ticked;
        final AtomicInteger ticks = new AtomicInteger();
        final AtomicInteger ticksAfterClose = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicBoolean inCallback = new AtomicBoolean();
        final AtomicBoolean overlapped = new AtomicBoolean();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<ScheduledTask> task = new AtomicReference<>();
        volatile boolean isClosed;

        Ticker(int expected) {
            ticked = new CountDownLatch(expected);
        }

        @Override
        public void onOpen(WebSocket socket) {
            task.set(socket.scheduleAtFixedRate(Duration.ofMillis(10), Duration.ofMillis(10), () -> {
                enter();
                if (isClosed) {
                    ticksAfterClose.incrementAndGet();
                }
                threads.add(Thread.currentThread().getName());
                socket.send("tick " + ticks.incrementAndGet());
                ticked.countDown();
                leave();
            }));
        }

        @Override
        public void onText(WebSocket socket, String text) {
            enter();
            leave();
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            isClosed = true;
            closed.countDown();
        }

        private void enter() {
            if (!inCallback.compareAndSet(false, true)) {
                overlapped.set(true);
            }
        }

        private void leave() {
            inCallback.set(false);
        }
    }

    @Test
    void aFixedRateTimerTicksOnTheConnectionsLoopAndStopsWhenItCloses() throws Exception {
        Ticker ticker = new Ticker(5);
        server = Servers.echo().endpoint("/ticker", ticker).start();
        Events client = new Events();
        WebSocket socket = connect("/ticker", client);
        assertThat(ticker.ticked.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 5; i++) {
            assertThat(client.nextStartingWith("text")).isEqualTo("text tick " + i);
        }
        assertThat(ticker.threads).allSatisfy(name -> assertThat(name).startsWith("anemone-server-"));

        socket.close();
        assertThat(ticker.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.task.get().isCancelled()).as("cancelled with its connection").isTrue();
        int ticksAtClose = ticker.ticks.get();
        // Ten more periods: a timer that survived its connection would tick in them.
        CountDownLatch later = new CountDownLatch(1);
        server.schedule(Duration.ofMillis(100), later::countDown);
        assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.ticks.get()).isEqualTo(ticksAtClose);
        assertThat(ticker.ticksAfterClose.get()).isZero();
    }

    @Test
    void onAnExecutorTicksRunThereInTurnWithTheOtherCallbacks() throws Exception {
        pool = Executors.newFixedThreadPool(4, task -> new Thread(task, "app-pool"));
        Ticker ticker = new Ticker(20);
        server = Servers.echo().endpoint("/ticker", Endpoint.of(ticker).withExecutor(pool)).start();
        Events client = new Events();
        WebSocket socket = connect("/ticker", client);
        // Messages keep onText busy on the executor while the ticks fall due.
        for (int i = 0; i < 200; i++) {
            socket.send("busy " + i);
        }
        assertThat(ticker.ticked.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.threads).allSatisfy(name -> assertThat(name).isEqualTo("app-pool"));
        assertThat(ticker.overlapped).as("a tick never runs beside another callback").isFalse();
        socket.close();
        assertThat(ticker.closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.ticksAfterClose.get()).isZero();
    }

    @Test
    void aOneShotTimerRunsOnceAndACancelledOneNever() throws Exception {
        AtomicInteger once = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Boolean> secondCancel = new CompletableFuture<>();
        server = Servers.echo().endpoint("/once", new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                ScheduledTask never = socket.schedule(Duration.ofMillis(20), cancelled::incrementAndGet);
                assertThat(never.cancel()).isTrue();
                secondCancel.complete(never.cancel());
                socket.schedule(Duration.ofMillis(50), () -> {
                    once.incrementAndGet();
                    ran.countDown();
                });
            }
        }).start();
        connect("/once", new Events());
        assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(secondCancel.get()).as("a second cancel changes nothing").isFalse();
        CountDownLatch later = new CountDownLatch(1);
        server.schedule(Duration.ofMillis(100), later::countDown);
        assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(once.get()).isEqualTo(1);
        assertThat(cancelled.get()).isZero();
    }

    @Test
    void aTaskThatThrowsClosesItsConnectionWith1011AndIsReportedToOnError() throws Exception {
        IllegalStateException thrown = new IllegalStateException("bug in a timer");
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        server = Servers.echo().endpoint("/failing", new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), () -> {
                    runs.incrementAndGet();
                    throw thrown;
                });
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                reported.complete(error);
            }
        }).start();
        Events client = new Events();
        Events bystander = new Events();
        WebSocket other = connect("/echo", bystander);
        connect("/failing", client);
        assertThat(client.nextStartingWith("close")).isEqualTo("close 1011  true");
        assertThat(reported.get(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(thrown);
        assertThat(runs.get()).as("not run again once it threw").isEqualTo(1);
        other.send("still here");
        assertThat(bystander.nextStartingWith("text")).isEqualTo("text still here");
    }

    @Test
    void aTaskScheduledOnAClosedConnectionNeverRuns() throws Exception {
        server = Servers.echo().start();
        WebSocket socket = connect("/echo", new Events());
        socket.close();
        AtomicInteger runs = new AtomicInteger();
        ScheduledTask late = socket.schedule(Duration.ZERO, runs::incrementAndGet);
        CountDownLatch later = new CountDownLatch(1);
        server.schedule(Duration.ofMillis(50), later::countDown);
        assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get()).isZero();
        assertThat(late.isCancelled()).isTrue();
        assertThatThrownBy(() -> socket.schedule(Duration.ofMillis(-1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> socket.scheduleAtFixedRate(Duration.ZERO, Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> socket.schedule(Duration.ZERO, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void serverTimersTickOnItsLoopsAndStopAtStop() throws Exception {
        server = Servers.echo().start();
        CountDownLatch ticked = new CountDownLatch(3);
        AtomicInteger ticks = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        ScheduledTask ticker = server.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), () -> {
            threads.add(Thread.currentThread().getName());
            ticks.incrementAndGet();
            ticked.countDown();
        });
        assertThat(ticked.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("anemone-server-"));
        server.stop(Duration.ofSeconds(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ticker.isCancelled()).isTrue();
        int atStop = ticks.get();
        ScheduledTask afterStop = server.schedule(Duration.ZERO, ticks::incrementAndGet);
        assertThat(afterStop.isCancelled()).as("a task scheduled after stop never runs").isTrue();
        assertThat(ticks.get()).isEqualTo(atStop);
        server = null;
    }

    @Test
    void aServerTaskThatThrowsStopsAloneAndTheServerServesOn() throws Exception {
        server = Servers.echo().start();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thrown = new CountDownLatch(1);
        ScheduledTask failing = server.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            thrown.countDown();
            throw new IllegalStateException("bug in a server task");
        });
        CountDownLatch healthy = new CountDownLatch(5);
        server.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), healthy::countDown);
        assertThat(thrown.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(healthy.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(failing.isCancelled()).isTrue();
        assertThat(runs.get()).isEqualTo(1);
        Events client = new Events();
        connect("/echo", client).send("served");
        assertThat(client.nextStartingWith("text")).isEqualTo("text served");
    }
}
