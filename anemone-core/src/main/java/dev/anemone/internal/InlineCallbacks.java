package dev.anemone.internal;

import dev.anemone.StreamingListener;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Calls the listener directly, on whichever thread delivers the event, catching what it throws.
 * After a failure only {@code onError} and {@code onClose} are called.
 *
 * <p>It keeps nothing of its own, the connection being named in each call: one instance serves
 * every connection, so that an idle connection pays no object for its boundary.
 */
final class InlineCallbacks extends Callbacks {

    /**
     * An {@code onError} that throws may throw for every message dropped: logged at most once per
     * interval, so that the log does not grow per message.
     */
    private static final RateLimitedLog REPORTING_FAILED = new RateLimitedLog(LOG, Level.WARNING, Duration.ofSeconds(10));

    /** The one instance. */
    static final InlineCallbacks INSTANCE = new InlineCallbacks();

    private InlineCallbacks() {
    }

    @Override
    boolean runsOnLoop() {
        return true;
    }

    @Override
    void open(Target target) {
        try {
            target.listener().onOpen(target.socket());
        } catch (Throwable e) {
            fail(target, e);
        } finally {
            target.openReturned();
        }
    }

    @Override
    void text(Target target, ByteBuffer utf8) {
        if (target.hasFailed()) {
            return;
        }
        try {
            target.listener().onTextUtf8(target.socket(), utf8);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void binary(Target target, ByteBuffer data) {
        if (target.hasFailed()) {
            return;
        }
        try {
            target.listener().onBinary(target.socket(), data);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void textPart(Target target, ByteBuffer utf8, boolean last) {
        if (target.hasFailed()) {
            return;
        }
        try {
            ((StreamingListener) target.listener()).onTextPartUtf8(target.socket(), utf8, last);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void binaryPart(Target target, ByteBuffer data, boolean last) {
        if (target.hasFailed()) {
            return;
        }
        try {
            ((StreamingListener) target.listener()).onBinaryPart(target.socket(), data, last);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void ping(Target target, ByteBuffer payload) {
        if (target.hasFailed()) {
            return;
        }
        try {
            target.listener().onPing(target.socket(), payload);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void pong(Target target, ByteBuffer payload) {
        if (target.hasFailed()) {
            return;
        }
        try {
            target.listener().onPong(target.socket(), payload);
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void drain(Target target) {
        if (target.hasFailed()) {
            return;
        }
        try {
            target.listener().onDrain(target.socket());
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void task(Target target, Runnable task) {
        if (target.hasFailed()) {
            return;
        }
        try {
            task.run();
        } catch (Throwable e) {
            fail(target, e);
        }
    }

    @Override
    void error(Target target, Throwable error) {
        try {
            target.listener().onError(target.socket(), error);
        } catch (Throwable e) {
            // An error handler that fails has nobody left to tell but the log.
            REPORTING_FAILED.log("onError of " + target.socket() + " threw while reporting " + error, e);
        }
    }

    @Override
    void close(Target target, int code, String reason, boolean wasClean) {
        try {
            target.listener().onClose(target.socket(), code, reason, wasClean);
        } catch (Throwable e) {
            REPORTING_FAILED.log("onClose of " + target.socket() + " threw", e);
        }
    }

    private static void fail(Target target, Throwable e) {
        if (!target.hasFailed()) {
            target.failed(e);
        }
    }
}
