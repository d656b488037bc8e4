package dev.anemone.internal;

import dev.anemone.IoBackend;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed set of event loops, handed out in turn to new connections. */
public final class EventLoopGroup {

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /** Starts {@code count} loops on {@code backend} whose threads are named {@code prefix-N}. */
    public EventLoopGroup(int count, String prefix, IoBackend backend) {
        if (count < 1) {
            throw new IllegalArgumentException("an event loop group needs at least one loop, not " + count);
        }
        loops = new EventLoop[count];
        for (int i = 0; i < count; i++) {
            try {
                loops[i] = new EventLoop(prefix + "-" + i, backend);
            } catch (RuntimeException e) {
                // The loops already running would otherwise outlive a group that never started.
                for (int started = 0; started < i; started++) {
                    loops[started].shutdown();
                }
                throw e;
            }
        }
    }

    /** The next loop in turn. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** Every loop. */
    public EventLoop[] loops() {
        return loops.clone();
    }

    /** What the loops wait on, all alike: {@link IoBackend#NIO} or {@link IoBackend#EPOLL}, never {@code AUTO}. */
    public IoBackend ioBackend() {
        return loops[0].ioBackend();
    }

    /** Stops every loop and waits up to {@code millis} for each thread. */
    public void shutdown(long millis) throws InterruptedException {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        for (EventLoop loop : loops) {
            loop.awaitTermination(millis);
        }
    }
}
