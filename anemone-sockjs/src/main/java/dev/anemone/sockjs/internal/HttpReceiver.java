package dev.anemone.sockjs.internal;

import dev.anemone.HttpExchange;
import dev.anemone.HttpResponse;
import dev.anemone.HttpStream;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A receiver that is an HTTP response: a poll answers with one frame and ends; a stream writes
 * frames until it has carried its byte limit, then ends so that the client opens a new one.
 * A client that leaves before the server ended the response loses the session, as in sockjs.
 */
public final class HttpReceiver implements Receiver {

    private final HttpExchange exchange;
    private final HttpHeaders headers;
    private final Framing framing;
    private final HttpStream stream;
    private final long limit;
    private final String prelude;
    private long written;
    private volatile boolean endedByServer;

    private HttpReceiver(HttpExchange exchange, HttpHeaders headers, Framing framing, String prelude, long limit) {
        this.exchange = exchange;
        this.headers = headers;
        this.framing = framing;
        this.limit = limit;
        this.prelude = prelude;
        this.stream = prelude == null ? null : exchange.stream(200, headers);
    }

    @Override
    public void begin() {
        if (stream != null && !prelude.isEmpty()) {
            stream.write(prelude);
        }
    }

    /** A poll: the first frame is the whole answer. */
    public static HttpReceiver poll(HttpExchange exchange, HttpHeaders headers, Framing framing) {
        return new HttpReceiver(exchange, headers, framing, null, 1);
    }

    /** A stream that starts with {@code prelude} and ends after {@code limit} bytes of frames. */
    public static HttpReceiver stream(HttpExchange exchange, HttpHeaders headers, Framing framing, String prelude, long limit) {
        return new HttpReceiver(exchange, headers, framing, prelude, limit);
    }

    /** Attaches this receiver to {@code session}, and tells the session when its client leaves. */
    public void attachTo(Session session) {
        session.attach(this);
        exchange.onClose(() -> {
            if (!endedByServer) {
                session.lost(this, CloseStatus.ABNORMAL_CLOSURE, "Connection interrupted", false);
            }
        });
    }

    @Override
    public boolean send(String frame) {
        byte[] body = framing.wrap(frame).getBytes(StandardCharsets.UTF_8);
        if (stream == null) {
            endedByServer = true;
            exchange.respond(new HttpResponse(200, headers, body));
            return false;
        }
        if (!stream.write(java.nio.ByteBuffer.wrap(body))) {
            return false;
        }
        written += body.length;
        return written < limit;
    }

    @Override
    public void end(int code, String reason) {
        endedByServer = true;
        if (stream == null) {
            exchange.respond(new HttpResponse(200, headers, null));
        } else {
            stream.end();
        }
    }
}
