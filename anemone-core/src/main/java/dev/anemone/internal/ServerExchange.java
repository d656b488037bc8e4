package dev.anemone.internal;

import dev.anemone.HttpExchange;
import dev.anemone.HttpResponse;
import dev.anemone.HttpStream;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import dev.anemone.protocol.HttpStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's answer on a {@link ServerConnection}: taken once, from any thread, written on the
 * connection's loop, after which the connection reads its next request or closes.
 */
final class ServerExchange implements HttpExchange {

    private static final Log LOG = Log.of(ServerExchange.class);

    private final ServerConnection connection;
    private final HttpRequestHead request;
    /** Set by whoever answers first: a whole response or a stream. */
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Answered completely, or the connection gone. */
    private volatile boolean over;
    /** Guarded by this; null once they ran. */
    private List<Runnable> closeActions = new ArrayList<>(0);
    /** The stream, once its head is written; loop thread only. */
    private ResponseStream stream;

    ServerExchange(ServerConnection connection, HttpRequestHead request) {
        this.connection = connection;
        this.request = request;
    }

    @Override
    public boolean respond(HttpResponse response) {
        Objects.requireNonNull(response, "response");
        if (over || !answered.compareAndSet(false, true)) {
            return false;
        }
        connection.loop().execute(() -> send(response));
        return true;
    }

    private void send(HttpResponse response) {
        if (over) {
            return;
        }
        boolean close = !request.persistent() || response.headers().containsToken("Connection", "close");
        boolean bodyless = isHead() || HttpStatus.forbidsBody(response.status());
        HttpHeaders fields = SecureCookies.forConnection(response.headers(), connection.transport().isSecure());
        ByteBuffer head = ResponseHead.encode(response.status(), fields, response.body().length,
                connectionField(close));
        connection.send(response.status(), head, bodyless ? SocketTransport.EMPTY : ByteBuffer.wrap(response.body()));
        finish(!close);
    }

    @Override
    public HttpStream stream(int status, HttpHeaders headers) {
        return startStream(status, headers, -1);
    }

    @Override
    public HttpStream stream(int status, HttpHeaders headers, long contentLength) {
        if (contentLength < 0) {
            throw new IllegalArgumentException("A content length is not negative: " + contentLength);
        }
        return startStream(status, headers, contentLength);
    }

    private HttpStream startStream(int status, HttpHeaders headers, long contentLength) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("A response status is 200 to 999, not " + status);
        }
        HttpHeaders fields = headers == null ? new HttpHeaders()
                : SecureCookies.forConnection(headers, connection.transport().isSecure());
        boolean bodyless = isHead() || HttpStatus.forbidsBody(status);
        boolean chunked = contentLength < 0 && request.isHttp11OrLater();
        long framing = contentLength >= 0 ? contentLength : chunked ? ResponseHead.CHUNKED : ResponseHead.UNTIL_CLOSE;
        boolean close = !request.persistent() || framing == ResponseHead.UNTIL_CLOSE
                || fields.containsToken("Connection", "close");
        ResponseStream answer = new ResponseStream(this, connection, chunked, bodyless ? 0 : contentLength, bodyless, close);
        if (over) {
            answer.closed();
            return answer;
        }
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("this request was answered already");
        }
        ByteBuffer head = ResponseHead.encode(status, fields, framing, connectionField(close));
        answer.execute(0, () -> {
            if (!over) {
                stream = answer;
                connection.send(status, head, SocketTransport.EMPTY);
            } else {
                answer.closed();
            }
        });
        return answer;
    }

    private boolean isHead() {
        return request.method().equals("HEAD");
    }

    /** {@code close}, {@code keep-alive} for an HTTP/1.0 client that asked for it, or nothing (HTTP/1.1's default). */
    private String connectionField(boolean close) {
        return close ? "close" : request.isHttp11OrLater() ? null : "keep-alive";
    }

    @Override
    public boolean isOpen() {
        return !over;
    }

    @Override
    public void onClose(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (closeActions != null) {
                closeActions.add(action);
                return;
            }
        }
        runCloseAction(action);
    }

    /** The answer is written completely; the connection goes on to its next request, or closes. Loop thread. */
    void finish(boolean keepOpen) {
        if (over) {
            return;
        }
        over = true;
        runCloseActions();
        connection.exchangeEnded(keepOpen);
    }

    /** The connection closed before the answer was complete. Loop thread. */
    void abort() {
        if (over) {
            return;
        }
        over = true;
        if (stream != null) {
            stream.closed();
        }
        runCloseActions();
    }

    /** The handler threw: 500 if nothing was answered yet; an answer it had begun to stream is cut off. Loop thread. */
    void handlerFailed() {
        if (answered.compareAndSet(false, true)) {
            send(HttpResponse.text(500, "Internal Server Error"));
        } else if (stream != null && !over) {
            connection.cutOff();
        }
    }

    /** Everything queued on the connection was written. Loop thread. */
    void drained() {
        if (stream != null) {
            stream.drained(true);
        }
    }

    private void runCloseActions() {
        List<Runnable> actions;
        synchronized (this) {
            actions = closeActions;
            closeActions = null;
        }
        if (actions != null) {
            actions.forEach(this::runCloseAction);
        }
    }

    /** The name of the connection the answer goes to, for the log. */
    String connectionName() {
        return connection.name();
    }

    private void runCloseAction(Runnable action) {
        Callbacks.Called<Object> ran = Callbacks.call("an HTTP exchange's onClose action", true, () -> {
            action.run();
            return null;
        });
        if (ran.failed()) {
            LOG.warn("an onClose action of " + request.method() + " " + request.path() + " from "
                    + connectionName() + " threw", ran.failure());
        }
    }
}
