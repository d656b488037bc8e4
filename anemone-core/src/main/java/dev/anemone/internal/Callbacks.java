package dev.anemone.internal;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The one boundary between a connection and its application's {@link WebSocketListener}: every
 * event reaches the listener through here, and whatever the listener throws stops here.
 *
 * <p>A throw (an exception or an {@code Error}) is handed to {@link Target#failed},
 * which reports it to {@code onError}, logs it once and closes the connection with 1011; from then
 * on the listener hears only of errors and the close. Nothing the listener throws reaches the
 * engine, the transport or the loop, so the rest of a read is processed as if nothing happened,
 * and no other connection notices.
 */
abstract class Callbacks {

    static final Log LOG = Log.of(Callbacks.class);

    /**
     * The connection the boundary calls about. Every event names it, so that calling the listener
     * at once needs no object per connection (see {@link InlineCallbacks#INSTANCE}).
     */
    interface Target {
        /** The socket the listener is told about. */
        WebSocket socket();

        /** The application's listener. */
        WebSocketListener listener();

        /** Whether the application has thrown on this connection; then only errors and the close are reported. Any thread. */
        boolean hasFailed();

        /**
         * The application threw {@code error}, for the first time: from now on {@link #hasFailed()}
         * is true; report it and close with 1011. Any thread.
         */
        void failed(Throwable error);

        /** {@code onOpen} has returned or thrown: what the connection kept for it alone may go. Any thread. */
        default void openReturned() {
        }
    }

    /**
     * The callbacks of a connection: called at once on the loop thread when {@code executor} is
     * null, else handed to the executor in order, one at a time.
     */
    static Callbacks of(Executor executor, int maxPendingMessages, ReadPause backlog) {
        return executor == null ? InlineCallbacks.INSTANCE
                : new ExecutorCallbacks(InlineCallbacks.INSTANCE, executor, maxPendingMessages, backlog);
    }

    /**
     * Calls application code that belongs to no connection's listener yet (a client verifier, a
     * subprotocol selector, an HTTP handler), catching what it throws. A null result counts as a
     * failure where {@code nullAllowed} is false, since no caller could use it.
     */
    static <T> Called<T> call(String what, boolean nullAllowed, Callable<T> code) {
        try {
            T result = code.call();
            if (result == null && !nullAllowed) {
                return new Called<>(null, new NullPointerException(what + " returned null"));
            }
            return new Called<>(result, null);
        } catch (Throwable e) {
            return new Called<>(null, e);
        }
    }

    /** What a call into application code gave: a value, or what it threw. */
    record Called<T>(T value, Throwable failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** Whether callbacks run on the loop thread, so buffers handed over are valid only during the call. */
    abstract boolean runsOnLoop();

    abstract void open(Target target);

    abstract void text(Target target, ByteBuffer utf8);

    abstract void binary(Target target, ByteBuffer data);

    abstract void textPart(Target target, ByteBuffer utf8, boolean last);

    abstract void binaryPart(Target target, ByteBuffer data, boolean last);

    abstract void ping(Target target, ByteBuffer payload);

    abstract void pong(Target target, ByteBuffer payload);

    abstract void error(Target target, Throwable error);

    abstract void drain(Target target);

    abstract void close(Target target, int code, String reason, boolean wasClean);

    /** Runs a task the application scheduled on the connection, in turn with its other callbacks. */
    abstract void task(Target target, Runnable task);

    /** Reading paused and resumed on behalf of the boundary, as when too many messages wait for the executor. */
    interface ReadPause {
        /**
         * Pauses ({@code true}) or resumes reading. Any thread; calls are made in the order
         * decided, and the last one called wins even if an earlier one is applied later.
         */
        void pauseForBacklog(boolean paused);
    }
}
