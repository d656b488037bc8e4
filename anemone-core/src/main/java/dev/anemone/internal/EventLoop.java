package dev.anemone.internal;

import dev.anemone.IoBackend;
import dev.anemone.protocol.FrameHeader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread with its own poller: the JDK's selector, or epoll directly ({@link Pollers}). Every
 * connection lives on one loop for its whole life, so its state needs no locks. Other threads
 * hand work over with {@link #execute}, which wakes the poller at most once per batch of tasks.
 *
 * <p>The loop also owns what its connections share: the buffer every read lands in (a connection
 * keeps only what a read left unfinished), and a periodic sweep that checks every member's
 * timeouts in one pass instead of one timer per connection.
 */
public final class EventLoop implements Executor {

    private static final Log LOG = Log.of(EventLoop.class);
    /**
     * What the loop catches is a bug of ours, and one that throws on every read, task or sweep
     * would otherwise log a line per message: each kind is logged at most once per interval,
     * with a count of those left out.
     */
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final RateLimitedLog SWEEP_FAILED = new RateLimitedLog(LOG, Level.WARNING, FAILURE_LOG_INTERVAL);
    private static final RateLimitedLog HANDLER_FAILED = new RateLimitedLog(LOG, Level.WARNING, FAILURE_LOG_INTERVAL);
    private static final RateLimitedLog TASK_FAILED = new RateLimitedLog(LOG, Level.WARNING, FAILURE_LOG_INTERVAL);
    private static final RateLimitedLog TIMER_FAILED = new RateLimitedLog(LOG, Level.WARNING, FAILURE_LOG_INTERVAL);
    private static final RateLimitedLog LOOP_FAILED = new RateLimitedLog(LOG, Level.ERROR, FAILURE_LOG_INTERVAL);
    /** The size of the buffer reads land in, shared by the loop's connections. */
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Members looked at per loop iteration during a sweep round. */
    private static final int SWEEP_SLICE = 64;
    /** {@link #roundNanos}'s mark for a round whose time nobody asked for yet. */
    private static final long NOT_READ = Long.MIN_VALUE;
    /** The size of the buffer that gathers a connection's small writes during one read. */
    static final int WRITE_BATCH_SIZE = 64 * 1024;

    private final Poller poller;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Sweepable> members = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final ByteBuffer[] gather = new ByteBuffer[WriteQueue.MAX_GATHER];
    private final ByteBuffer frameHeader = ByteBuffer.allocate(FrameHeader.MAX_SIZE);
    private final LoopCounters counters = new LoopCounters();
    private final ReceiveRates receiveRates = new ReceiveRates();
    /** {@link #roundNanos()}'s reading for this round, or {@link #NOT_READ} until it is asked for. */
    private long roundNanos = NOT_READ;
    /**
     * Small frames a connection writes while it handles a read are gathered here and written
     * with one call when the read is handled, instead of one system call per frame. Like the
     * read buffer it is direct: the JDK copies a heap buffer into a temporary direct one on every
     * socket read and write, and without that copy a 4 KiB echo at 8 in flight goes 13 to 15 %
     * further per server-CPU-second.
     */
    private final ByteBuffer writeBatch = ByteBuffer.allocateDirect(WRITE_BATCH_SIZE);
    private BatchOwner batchOwner;
    /** What the owner gathers in: the write batch, or for TLS one on the heap ({@link BatchOwner#encryptsBatch}). */
    private ByteBuffer batch = writeBatch;
    /** The buffers TLS connections on this loop work in, made when the first one needs them. */
    private TlsBuffers tlsBuffers;
    /**
     * The text message being delivered to a listener on this loop, already validated, and its
     * bounds: one at a time per loop, so kept here rather than by every connection.
     */
    private ByteBuffer textBeingDelivered;
    private int textFrom;
    private int textTo;
    private boolean batchEndsFrame = true;
    private final Poller.Ready dispatcher = this::dispatch;
    private volatile boolean running = true;
    private long sweepIntervalNanos;
    private Timer sweepTimer;
    /** The next member to sweep in the current round, or -1 between rounds. */
    private int sweepCursor = -1;
    /** The timers of this loop's connections, made with the first one. */
    private ConnectionTimers connectionTimers;

    /** Starts a loop on a new daemon thread called {@code name}, on the backend the system property names. */
    public EventLoop(String name) {
        this(name, IoBackend.fromSystemProperty());
    }

    /** Starts a loop on a new daemon thread called {@code name}, waiting on {@code backend}. */
    public EventLoop(String name, IoBackend backend) {
        poller = Pollers.open(backend);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the caller is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop: now if called from it, else as soon as it wakes. */
    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            submit(task);
        }
    }

    /** Queues {@code task} for the loop, even when called from the loop itself. */
    public void submit(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            poller.wakeup();
        }
    }

    /** Runs {@code task} on the loop after {@code delayNanos}; loop thread only. */
    Timer schedule(long delayNanos, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + delayNanos, task);
        timers.add(timer);
        return timer;
    }

    /** The timers of this loop's connections, made if need be. Loop thread only. */
    ConnectionTimers connectionTimers() {
        if (connectionTimers == null) {
            connectionTimers = new ConnectionTimers();
        }
        return connectionTimers;
    }

    /** The timers of this loop's connections, or null if none was ever set. Loop thread only. */
    ConnectionTimers connectionTimersIfAny() {
        return connectionTimers;
    }

    /** Registers a non-blocking channel with the loop's poller; loop thread only. */
    Registration register(SelectableChannel channel, int ops, Selectable handler) throws IOException {
        return poller.register(channel, ops, handler);
    }

    /**
     * Registers a descriptor accepted without a channel ({@link AcceptedDescriptor}), watching for
     * nothing yet; the registration owns it from now on. Epoll loops only; loop thread only.
     */
    Registration adopt(int fd, Selectable handler) {
        if (!(poller instanceof EpollPoller epoll)) {
            throw new IllegalStateException("a bare descriptor needs an epoll loop, and this one runs on " + poller.backend());
        }
        return epoll.adopt(fd, handler);
    }

    /** Which way the loop waits for its channels: {@link IoBackend#NIO} or {@link IoBackend#EPOLL}. */
    public IoBackend ioBackend() {
        return poller.backend();
    }

    /**
     * The buffer reads land in; valid until the read handler returns. It is direct, so the JDK
     * reads into it without a copy through a temporary buffer of its own. Loop thread only.
     */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /**
     * Whether {@code buffer} is one the loop lends for the length of a call (what a read landed
     * in, or what TLS decrypted it to): whoever must keep its bytes copies them. Loop thread only.
     */
    boolean isLoopBuffer(ByteBuffer buffer) {
        return buffer == readBuffer || (tlsBuffers != null && tlsBuffers.owns(buffer));
    }

    /** The buffers the loop's TLS connections decrypt and encrypt in, made on first use. Loop thread only. */
    TlsBuffers tlsBuffers() {
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers();
        }
        return tlsBuffers;
    }

    /**
     * The write batch, claimed by {@code owner}: whoever held it before writes what it gathered
     * first, so bytes leave in the order they were written. The owner keeps it until another
     * transport claims it or the loop finishes the piece of work at hand. Loop thread only.
     */
    ByteBuffer claimBatch(BatchOwner owner) {
        for (int tries = 0; batchOwner != owner; tries++) {
            BatchOwner previous = batchOwner;
            if (previous == null || tries > 2) {
                batchOwner = owner;
                batch = owner.encryptsBatch() ? tlsBuffers().batch() : writeBatch;
                batch.clear();
                batchEndsFrame = true;
            } else {
                // Its flush can call back into an application that writes again: look again after it.
                previous.flushBatch();
                if (batchOwner == previous) {
                    batchOwner = null;
                }
            }
        }
        return batch;
    }

    /** The write batch if {@code transport} holds it, else null. Loop thread only. */
    ByteBuffer batchOf(BatchOwner transport) {
        return batchOwner == transport ? batch : null;
    }

    /** Whether the last bytes put into the batch end a frame. Loop thread only. */
    boolean batchEndsFrame() {
        return batchEndsFrame;
    }

    /** Records whether the last bytes put into the batch end a frame. Loop thread only. */
    void batchEndsFrame(boolean endsFrame) {
        batchEndsFrame = endsFrame;
    }

    /** Gives the batch back if {@code transport} holds it; what is in it is dropped. Loop thread only. */
    void releaseBatch(BatchOwner transport) {
        if (batchOwner == transport) {
            batchOwner = null;
            batch.clear();
        }
    }

    /** Writes what the batch's holder gathered: the loop is done with the work that wrote it. */
    private void flushBatch() {
        BatchOwner owner = batchOwner;
        if (owner != null) {
            owner.flushBatch();
            releaseBatch(owner);
        }
    }

    /** Marks {@code utf8} as the validated text message now being delivered, or clears it with null. Loop thread only. */
    void textBeingDelivered(ByteBuffer utf8) {
        textBeingDelivered = utf8;
        if (utf8 != null) {
            textFrom = utf8.position();
            textTo = utf8.limit();
        }
    }

    /**
     * Whether {@code utf8} is exactly the text message being delivered right now, which needs no
     * second validation when it is echoed or relayed. Loop thread only.
     */
    boolean isTextBeingDelivered(ByteBuffer utf8) {
        return utf8 == textBeingDelivered && utf8.position() == textFrom && utf8.limit() == textTo;
    }

    /** A frame header buffer that every connection of this loop writes into in turn. Loop thread only. */
    ByteBuffer frameHeader() {
        return frameHeader;
    }

    /**
     * The time of this round of the loop, read at the first call after its poll returned: a
     * read's time to within the round, for idle timeouts and rate windows, without a clock
     * reading for every read of a round that serves hundreds. Loop thread only.
     */
    long roundNanos() {
        long now = roundNanos;
        if (now == NOT_READ) {
            now = System.nanoTime();
            roundNanos = now;
        }
        return now;
    }

    /** What this loop's connections received this second, against their limits. */
    ReceiveRates receiveRates() {
        return receiveRates;
    }

    /** What happened on this loop, counted by its thread for the server's metrics. */
    LoopCounters counters() {
        return counters;
    }

    /** A scratch array of {@link WriteQueue#MAX_GATHER} slots for gathering writes; left empty. Loop thread only. */
    ByteBuffer[] gatherArray() {
        return gather;
    }

    /** Adds a member to the periodic sweep, which runs every {@code intervalNanos} at most. Loop thread only. */
    void addMember(Sweepable member, long intervalNanos) {
        member.setSweepIndex(members.size());
        members.add(member);
        if (sweepTimer == null || intervalNanos < sweepIntervalNanos) {
            if (sweepTimer != null) {
                sweepTimer.cancel();
            }
            sweepIntervalNanos = intervalNanos;
            sweepTimer = schedule(intervalNanos, this::sweep);
        }
    }

    /** Removes a member from the sweep in constant time. Loop thread only. */
    void removeMember(Sweepable member) {
        int index = member.sweepIndex();
        if (index < 0 || index >= members.size() || members.get(index) != member) {
            return;
        }
        Sweepable last = members.remove(members.size() - 1);
        if (last != member) {
            members.set(index, last);
            last.setSweepIndex(index);
        }
        member.setSweepIndex(-1);
    }

    /** How many members the sweep has: the loop's connections. Loop thread only. */
    int memberCount() {
        return members.size();
    }

    /**
     * Copies the members into {@code into}, which holds at least {@link #memberCount()}, and
     * returns how many: a walk over the copy is not disturbed by members leaving or joining
     * during it. Loop thread only.
     */
    int copyMembers(Sweepable[] into) {
        int count = members.size();
        for (int i = 0; i < count; i++) {
            into[i] = members.get(i);
        }
        return count;
    }

    /** Starts a round of the sweep over every member, from the last. */
    private void sweep() {
        sweepCursor = members.size() - 1;
        sweepSlice();
    }

    /**
     * Sweeps the next {@link #SWEEP_SLICE} members and lets the loop do its I/O before the next
     * slice: a round over ten thousand connections must not hold up their traffic for
     * milliseconds. A member removed or added during a round may be looked at twice or not until
     * the next round, which its checks allow.
     */
    private void sweepSlice() {
        long now = System.nanoTime();
        int end = Math.max(-1, sweepCursor - SWEEP_SLICE);
        for (int i = sweepCursor; i > end; i--) {
            if (i < members.size()) {
                Sweepable member = members.get(i);
                try {
                    member.sweep(now);
                } catch (Throwable e) {
                    SWEEP_FAILED.log("sweeping " + member + " failed", e);
                }
            }
        }
        sweepCursor = end;
        sweepTimer = sweepCursor >= 0 ? schedule(0, this::sweepSlice) : schedule(sweepIntervalNanos, this::sweep);
    }

    /** Stops the loop; its channels are closed. */
    public void shutdown() {
        running = false;
        poller.wakeup();
    }

    /** Waits for the loop's thread to end. */
    public void awaitTermination(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void run() {
        while (running) {
            try {
                selectOnce();
                runTasks();
                runTimers();
            } catch (Throwable t) {
                // No Throwable ends a loop thread: every connection on it would be lost.
                LOOP_FAILED.log("event loop " + thread.getName() + " caught", t);
            }
        }
        closeAll();
    }

    private void selectOnce() throws IOException {
        long waitMillis;
        if (!tasks.isEmpty()) {
            waitMillis = 0;
        } else {
            Timer next = timers.peek();
            waitMillis = next == null ? -1 : Math.max(0, (next.deadline - System.nanoTime() + 999_999) / 1_000_000);
        }
        roundNanos = NOT_READ;
        poller.poll(waitMillis, dispatcher);
        wakeupPending.set(false);
    }

    private void dispatch(Selectable handler, int readyOps) {
        try {
            handler.onReady(readyOps);
        } catch (CancelledKeyException cancelled) {
            // The channel closed while we were dispatching; nothing left to do for it.
        } catch (Throwable e) {
            HANDLER_FAILED.log("handling I/O of " + handler + " failed", e);
        }
        flushBatch();
    }

    private void runTasks() {
        for (int budget = tasks.size(); budget > 0; budget--) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (Throwable e) {
                TASK_FAILED.log("a task on event loop " + thread.getName() + " failed", e);
            }
        }
        flushBatch();
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            Timer timer = timers.poll();
            if (!timer.cancelled) {
                try {
                    timer.task.run();
                } catch (Throwable e) {
                    TIMER_FAILED.log("a timer on event loop " + thread.getName() + " failed", e);
                }
            }
        }
        flushBatch();
    }

    private void closeAll() {
        for (Selectable handler : poller.handlers()) {
            try {
                handler.onLoopShutdown();
            } catch (Throwable e) {
                LOG.warn("closing a channel at shutdown failed", e);
            }
        }
        poller.close();
    }

    /** A one-shot timer; cancel it from the loop thread. */
    static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final Runnable task;
        private boolean cancelled;

        Timer(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            return Long.compare(deadline - other.deadline, 0);
        }
    }
}
