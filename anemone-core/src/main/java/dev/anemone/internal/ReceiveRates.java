package dev.anemone.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What each of a loop's connections has received in the current second, against its
 * {@link ReceiveLimit}. The counts live here, in the loop, and only for connections that sent
 * something this second: the table is emptied at the turn of each second, so an idle connection
 * costs nothing and a busy one one small object a second, never one per message. The windows
 * are fixed seconds of the loop's, so a peer may reach twice a limit across a turn, never more.
 * Loop thread only.
 */
final class ReceiveRates {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** One connection's counts this second. */
    private static final class Count {
        long messages;
        long bytes;
    }

    private final Map<WebSocketSession, Count> counts = new IdentityHashMap<>();
    private long windowStart = System.nanoTime();

    /** Counts {@code bytes} read by {@code session} at {@code nowNanos}: false once over its byte rate. */
    boolean read(WebSocketSession session, ReceiveLimit limit, int bytes, long nowNanos) {
        if (!limit.isSet()) {
            return true;
        }
        if (nowNanos - windowStart >= SECOND) {
            counts.clear();
            windowStart = nowNanos;
        }
        Count count = counts.computeIfAbsent(session, key -> new Count());
        count.bytes += bytes;
        return limit.bytesPerSecond() == 0 || count.bytes <= limit.bytesPerSecond();
    }

    /** Counts one message of {@code session}, within the read just counted: false once over its message rate. */
    boolean message(WebSocketSession session, ReceiveLimit limit) {
        if (limit.messagesPerSecond() == 0) {
            return true;
        }
        Count count = counts.get(session);
        return count == null || ++count.messages <= limit.messagesPerSecond();
    }
}
