package dev.anemone.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened on one event loop, counted by the loop's own thread as it happens: messages and
 * bytes each way, dropped messages, connections opened and closed by code, refused handshakes and
 * HTTP answers by status. Summed over a server's loops, they make its metrics.
 *
 * <p>Counting is a plain add and a release store on the loop thread, the only writer: no lock, no
 * atomic read-modify-write, no contention, no allocation, and nothing per connection. A reader on
 * any thread loads with acquire semantics, so what it reads may be a few microseconds old but is
 * never torn, and a closed connection it sees counted was counted as opened first.
 */
final class LoopCounters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * The counters sit in the middle of their array, with a cache line of padding on each side:
     * two loops' counters allocated one after the other must not share a line, or every count on
     * one loop would evict the other's.
     */
    private static final int PADDING = 8;
    private static final int MESSAGES_IN = PADDING;
    private static final int MESSAGES_OUT = PADDING + 1;
    private static final int BYTES_IN = PADDING + 2;
    private static final int BYTES_OUT = PADDING + 3;
    private static final int DROPPED = PADDING + 4;
    private static final int OPENED = PADDING + 5;
    private static final int COUNTERS = 6;

    private final long[] counts = new long[PADDING + COUNTERS + PADDING];
    /** The codes of RFC 6455 and its registry, 1000 to 1015. */
    private final Tally protocolCloseCodes = new Tally(1000, 16);
    /** The codes left to libraries and applications, 3000 to 4999. */
    private final Tally applicationCloseCodes = new Tally(3000, 2000);
    private final Tally refusals = new Tally(100, 500);
    private final Tally httpAnswers = new Tally(100, 500);

    private void add(int slot, long amount) {
        SLOT.setRelease(counts, slot, counts[slot] + amount);
    }

    private long read(int slot) {
        return (long) SLOT.getAcquire(counts, slot);
    }

    // ------------------------------------------------------------ counting, loop thread only

    /** A whole message was delivered to the application. */
    void messageIn() {
        add(MESSAGES_IN, 1);
    }

    /** {@code count} whole messages were given to the transport. */
    void messagesOut(int count) {
        add(MESSAGES_OUT, count);
    }

    /** {@code bytes} were read from a socket. */
    void bytesIn(long bytes) {
        add(BYTES_IN, bytes);
    }

    /** {@code bytes} were written to a socket. */
    void bytesOut(long bytes) {
        add(BYTES_OUT, bytes);
    }

    /** A message was not sent, and the application was told so with a {@code MessageDroppedException}. */
    void messageDropped() {
        add(DROPPED, 1);
    }

    /** A WebSocket connection opened. */
    void opened() {
        add(OPENED, 1);
    }

    /**
     * A WebSocket connection closed with {@code code}. The engine reports only codes a Close frame
     * may carry, 1005 or 1006, all within the two ranges counted.
     */
    void closed(int code) {
        if (protocolCloseCodes.covers(code)) {
            protocolCloseCodes.count(code);
        } else if (applicationCloseCodes.covers(code)) {
            applicationCloseCodes.count(code);
        }
    }

    /** A request was refused with {@code status} instead of being upgraded or served. */
    void refused(int status) {
        if (refusals.covers(status)) {
            refusals.count(status);
        }
    }

    /** A plain HTTP request was answered with {@code status}. */
    void answered(int status) {
        if (httpAnswers.covers(status)) {
            httpAnswers.count(status);
        }
    }

    // ------------------------------------------------------------ reading, any thread

    /**
     * Adds this loop's counts to {@code sums}. Closes are read before opens: whatever close is
     * seen, the open that came before it is seen too, so opened minus closed is never negative.
     */
    void addTo(Sums sums) {
        protocolCloseCodes.addTo(sums.closedByCode);
        applicationCloseCodes.addTo(sums.closedByCode);
        sums.opened += read(OPENED);
        sums.messagesIn += read(MESSAGES_IN);
        sums.messagesOut += read(MESSAGES_OUT);
        sums.bytesIn += read(BYTES_IN);
        sums.bytesOut += read(BYTES_OUT);
        sums.dropped += read(DROPPED);
        refusals.addTo(sums.refusedByStatus);
        httpAnswers.addTo(sums.answeredByStatus);
    }

    /** Counts added up over several loops. */
    static final class Sums {
        long opened;
        long messagesIn;
        long messagesOut;
        long bytesIn;
        long bytesOut;
        long dropped;
        final Map<Integer, Long> closedByCode = new TreeMap<>();
        final Map<Integer, Long> refusedByStatus = new TreeMap<>();
        final Map<Integer, Long> answeredByStatus = new TreeMap<>();

        long closed() {
            long sum = 0;
            for (long count : closedByCode.values()) {
                sum += count;
            }
            return sum;
        }
    }
}
