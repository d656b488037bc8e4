package dev.anemone;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a server has done since it started, as one immutable snapshot from
 * {@link WebSocketServer#metrics()}. Totals only grow; take two snapshots to see a rate.
 *
 * <p>Each event loop counts what happens on it as it happens, and a snapshot adds up the loops'
 * counts when it is taken, so it may miss what happened in the last few microseconds; it never
 * shows a count going back, nor a connection closed that was not counted as opened.
 * {@link MetricsText} renders one for Prometheus; the {@code anemone-metrics} module binds them to
 * Micrometer.
 *
 * @param connectionsOpen WebSocket connections open now (opened and not yet closed)
 * @param connectionsOpened WebSocket connections opened in all, that is handshakes accepted
 * @param connectionsClosed WebSocket connections closed, by close code (1006 when the connection
 *     ended without a closing handshake, 1005 when the peer's Close had no code), in code order
 * @param handshakesRefused requests refused with an HTTP status instead of being upgraded or
 *     served: a failed or malformed handshake (400, 404, 426, 431...), a verifier's refusal
 *     (401, 403...), too many connections from one address (503); in status order
 * @param httpResponses plain HTTP requests answered, by status, in status order
 * @param messagesReceived whole messages delivered to the application, text and binary
 * @param messagesSent whole messages handed to the network, text and binary, broadcasts counted
 *     once for each connection they reach
 * @param bytesReceived bytes read from the server's sockets: frames, handshakes and HTTP alike
 * @param bytesSent bytes written to the server's sockets: frames, handshakes and HTTP alike
 * @param messagesDropped messages not sent because the send buffer was full or the connection
 *     closing: the application's own sends (each reported to it as a
 *     {@link MessageDroppedException}), and publications and broadcasts once for each receiver
 *     they did not reach
 * @param bufferedBytes bytes accepted by {@code send} that the kernel has not taken yet, summed
 *     over the open connections (the sum of their {@link WebSocket#bufferedAmount()})
 * @param topics topics with at least one subscriber
 * @param subscribers subscriptions, over all topics
 */
public record ServerMetrics(long connectionsOpen, long connectionsOpened, Map<Integer, Long> connectionsClosed,
                            Map<Integer, Long> handshakesRefused, Map<Integer, Long> httpResponses,
                            long messagesReceived, long messagesSent, long bytesReceived, long bytesSent,
                            long messagesDropped, long bufferedBytes, long topics, long subscribers) {

    /** Keeps unmodifiable copies of the maps, which iterate in key order. */
    public ServerMetrics {
        connectionsClosed = frozen(connectionsClosed);
        handshakesRefused = frozen(handshakesRefused);
        httpResponses = frozen(httpResponses);
    }

    /** WebSocket connections closed in all, whatever the code. */
    public long connectionsClosedTotal() {
        return sum(connectionsClosed);
    }

    /** Requests refused in all, whatever the status. */
    public long handshakesRefusedTotal() {
        return sum(handshakesRefused);
    }

    /** Plain HTTP requests answered in all, whatever the status. */
    public long httpResponsesTotal() {
        return sum(httpResponses);
    }

    private static Map<Integer, Long> frozen(Map<Integer, Long> counts) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    /** The sum of the counts. */
    static long sum(Map<Integer, Long> counts) {
        long total = 0;
        for (long count : counts.values()) {
            total += count;
        }
        return total;
    }
}
