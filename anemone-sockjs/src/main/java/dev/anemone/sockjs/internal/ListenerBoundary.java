package dev.anemone.sockjs.internal;

import dev.anemone.WebSocketListener;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one place a session calls the application. What a callback throws is caught, reported to
 * {@code onError} and logged, and the session closes with 1011; from then on only
 * {@code onError} and {@code onClose} are called, as on a WebSocket. Runs inside the session's
 * {@link CallbackQueue}, one call at a time.
 */
final class ListenerBoundary {

    private static final System.Logger LOG = System.getLogger("dev.anemone.sockjs");

    private final WebSocketListener listener;
    private final Session session;
    private volatile boolean failed;

    ListenerBoundary(WebSocketListener listener, Session session) {
        this.listener = listener;
        this.session = session;
    }

    void open() {
        guard(() -> listener.onOpen(session));
    }

    /**
     * A message, handed over as core hands one: to {@code onTextUtf8}, whose default decodes it for
     * {@code onText}, so a listener that takes the bytes (an {@code EchoListener}) works here too.
     */
    void text(String message) {
        guard(() -> listener.onTextUtf8(session, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8))));
    }

    void task(Runnable action) {
        guard(action);
    }

    void close(int code, String reason, boolean wasClean) {
        try {
            listener.onClose(session, code, reason, wasClean);
        } catch (Throwable thrown) {
            LOG.log(Level.WARNING, "onClose of " + session + " threw", thrown);
        }
    }

    private void guard(Runnable call) {
        if (failed) {
            return;
        }
        try {
            call.run();
        } catch (Throwable thrown) {
            failed = true;
            LOG.log(Level.WARNING, "A callback of " + session + " threw; closing it with 1011", thrown);
            try {
                listener.onError(session, thrown);
            } catch (Throwable again) {
                LOG.log(Level.WARNING, "onError of " + session + " threw", again);
            }
            session.failed();
        }
    }
}
