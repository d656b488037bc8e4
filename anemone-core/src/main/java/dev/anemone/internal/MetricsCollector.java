package dev.anemone.internal;

import dev.anemone.ServerMetrics;

/** Adds up what a server's event loops counted into one {@link ServerMetrics}. */
final class MetricsCollector {

    private MetricsCollector() {
    }

    /**
     * A snapshot over {@code loops}, with the bytes buffered by {@code sessions} and the counts of
     * {@code topics}. Any thread; it reads, never waits for a loop.
     */
    static ServerMetrics collect(EventLoop[] loops, Iterable<WebSocketSession> sessions, TopicRegistry topics) {
        LoopCounters.Sums sums = new LoopCounters.Sums();
        for (EventLoop loop : loops) {
            loop.counters().addTo(sums);
        }
        long buffered = 0;
        for (WebSocketSession session : sessions) {
            buffered += session.bufferedBytes();
        }
        return new ServerMetrics(sums.opened - sums.closed(), sums.opened, sums.closedByCode, sums.refusedByStatus,
                sums.answeredByStatus, sums.messagesIn, sums.messagesOut, sums.bytesIn, sums.bytesOut,
                sums.dropped + topics.droppedCount(), buffered, topics.topicCount(), topics.subscriptionCount());
    }
}
