package dev.anemone.internal;

import dev.anemone.IoBackend;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.List;

/**
 * What an {@link EventLoop} waits on: the JDK's selector by default ({@link NioPoller}), or Linux
 * epoll directly when the optional native library is present ({@link EpollPoller}). Every method
 * but {@link #wakeup} runs on the loop's thread.
 */
interface Poller {

    /** Registers {@code channel}, non-blocking already, with interest in {@code ops}. */
    Registration register(SelectableChannel channel, int ops, Selectable handler) throws IOException;

    /**
     * Waits until a registered channel is ready, {@link #wakeup} is called, or {@code timeoutMillis}
     * pass (negative: no limit; zero: not at all), and hands each ready channel's handler to
     * {@code ready} with the operations it is ready for.
     */
    void poll(long timeoutMillis, Ready ready) throws IOException;

    /** Makes a poll in progress, or the next one, return at once; any thread. */
    void wakeup();

    /** The handlers of every channel still registered. */
    List<Selectable> handlers();

    /** Releases what the poller holds; the channels stay open. */
    void close();

    /** Which backend it is: {@link IoBackend#NIO} or {@link IoBackend#EPOLL}, never {@code AUTO}. */
    IoBackend backend();

    /** Told of one ready channel. */
    @FunctionalInterface
    interface Ready {
        void ready(Selectable handler, int readyOps);
    }
}
