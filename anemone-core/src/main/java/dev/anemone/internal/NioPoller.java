package dev.anemone.internal;

import dev.anemone.IoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The default poller: the JDK's {@link Selector}, with nothing outside the JDK. */
final class NioPoller implements Poller {

    private final Selector selector;
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    /** Who the poll in progress hands ready keys to. */
    private Ready ready;

    NioPoller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public Registration register(SelectableChannel channel, int ops, Selectable handler) throws IOException {
        return new NioRegistration(channel.register(selector, ops, handler));
    }

    @Override
    public void poll(long timeoutMillis, Ready ready) throws IOException {
        this.ready = ready;
        // The Consumer forms of select hand each ready key over directly, without adding it to
        // the selected-key set, which would allocate a hash node per ready key on every round.
        if (timeoutMillis == 0) {
            selector.selectNow(dispatcher);
        } else if (timeoutMillis < 0) {
            selector.select(dispatcher);
        } else {
            selector.select(dispatcher, timeoutMillis);
        }
    }

    private void dispatch(SelectionKey key) {
        ready.ready((Selectable) key.attachment(), key.readyOps());
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public List<Selectable> handlers() {
        List<Selectable> handlers = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            handlers.add((Selectable) key.attachment());
        }
        return handlers;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // Nothing to recover: the loop is gone.
        }
    }

    @Override
    public IoBackend backend() {
        return IoBackend.NIO;
    }
}
