package dev.anemone.internal;

import dev.anemone.StreamingListener;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Calls the listener directly, on whichever thread delivers the event, catching what it throws.
 * After a failure only {@code onError} and {@code onClose} are called.
 */
final class InlineCallbacks extends Callbacks {

    /**
     * An {@code onError} that throws may throw for every message dropped: logged at most once per
     * interval, so that the log does not grow per message.
     */
    private static final RateLimitedLog REPORTING_FAILED = new RateLimitedLog(LOG, Level.WARNING, Duration.ofSeconds(10));

    private final WebSocketListener listener;
    private final WebSocket socket;
    private final Failures failures;
    /** Set once the application has thrown; read by whichever thread runs the callbacks, one at a time. */
    private volatile boolean failed;

    InlineCallbacks(WebSocketListener listener, WebSocket socket, Failures failures) {
        this.listener = listener;
        this.socket = socket;
        this.failures = failures;
    }

    @Override
    boolean runsOnLoop() {
        return true;
    }

    @Override
    void open() {
        try {
            listener.onOpen(socket);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void text(ByteBuffer utf8) {
        if (failed) {
            return;
        }
        try {
            listener.onTextUtf8(socket, utf8);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void binary(ByteBuffer data) {
        if (failed) {
            return;
        }
        try {
            listener.onBinary(socket, data);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void textPart(ByteBuffer utf8, boolean last) {
        if (failed) {
            return;
        }
        try {
            ((StreamingListener) listener).onTextPartUtf8(socket, utf8, last);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void binaryPart(ByteBuffer data, boolean last) {
        if (failed) {
            return;
        }
        try {
            ((StreamingListener) listener).onBinaryPart(socket, data, last);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void ping(ByteBuffer payload) {
        if (failed) {
            return;
        }
        try {
            listener.onPing(socket, payload);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void pong(ByteBuffer payload) {
        if (failed) {
            return;
        }
        try {
            listener.onPong(socket, payload);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void drain() {
        if (failed) {
            return;
        }
        try {
            listener.onDrain(socket);
        } catch (Throwable e) {
            fail(e);
        }
    }

    @Override
    void error(Throwable error) {
        try {
            listener.onError(socket, error);
        } catch (Throwable e) {
            // An error handler that fails has nobody left to tell but the log.
            REPORTING_FAILED.log("onError of " + socket + " threw while reporting " + error, e);
        }
    }

    @Override
    void close(int code, String reason, boolean wasClean) {
        try {
            listener.onClose(socket, code, reason, wasClean);
        } catch (Throwable e) {
            REPORTING_FAILED.log("onClose of " + socket + " threw", e);
        }
    }

    private void fail(Throwable e) {
        if (!failed) {
            failed = true;
            failures.applicationFailed(e);
        }
    }
}
