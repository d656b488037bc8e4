package dev.anemone.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What each of a loop's connections has received in the current second, against its
 * {@link ReceiveLimit}. The counts live here, in the loop, and only for connections that sent
 * something this second: each such connection takes a slot in the loop's arrays for the second,
 * and remembers its number ({@link WebSocketSession#rateSlot}, an int in what was the session's
 * padding), so an idle connection costs nothing and a busy one finds its counts with two array
 * reads, no hashing. The windows are fixed seconds of the loop's, so a peer may reach twice a
 * limit across a turn, never more. Loop thread only.
 */
final class ReceiveRates {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int INITIAL_SLOTS = 64;

    /** Who holds each slot this second; a session's slot number is stale unless it is here. */
    private WebSocketSession[] owners = new WebSocketSession[INITIAL_SLOTS];
    private long[] messages = new long[INITIAL_SLOTS];
    private long[] bytes = new long[INITIAL_SLOTS];
    /** Slots handed out this second. */
    private int used;
    private long windowStart = System.nanoTime();

    /** Counts {@code count} bytes read by {@code session} at {@code nowNanos}: false once over its byte rate. */
    boolean read(WebSocketSession session, ReceiveLimit limit, int count, long nowNanos) {
        if (!limit.isSet()) {
            return true;
        }
        if (nowNanos - windowStart >= SECOND) {
            turn(nowNanos);
        }
        int slot = slotOf(session);
        bytes[slot] += count;
        return limit.bytesPerSecond() == 0 || bytes[slot] <= limit.bytesPerSecond();
    }

    /** Counts one message of {@code session}, within the read just counted: false once over its message rate. */
    boolean message(WebSocketSession session, ReceiveLimit limit) {
        if (limit.messagesPerSecond() == 0) {
            return true;
        }
        int slot = session.rateSlot();
        if (slot >= used || owners[slot] != session) {
            return true;
        }
        return ++messages[slot] <= limit.messagesPerSecond();
    }

    private int slotOf(WebSocketSession session) {
        int slot = session.rateSlot();
        if (slot < used && owners[slot] == session) {
            return slot;
        }
        if (used == owners.length) {
            int larger = owners.length * 2;
            owners = Arrays.copyOf(owners, larger);
            messages = Arrays.copyOf(messages, larger);
            bytes = Arrays.copyOf(bytes, larger);
        }
        slot = used++;
        owners[slot] = session;
        messages[slot] = 0;
        bytes[slot] = 0;
        session.rateSlot(slot);
        return slot;
    }

    /**
     * A new second: every slot is free again. The sessions are let go, so a closed one is not
     * kept alive, and arrays grown in a burst shrink back once the loop is quieter.
     */
    private void turn(long nowNanos) {
        Arrays.fill(owners, 0, used, null);
        if (owners.length > INITIAL_SLOTS && used < owners.length / 4) {
            int smaller = Math.max(INITIAL_SLOTS, owners.length / 2);
            owners = new WebSocketSession[smaller];
            messages = new long[smaller];
            bytes = new long[smaller];
        }
        used = 0;
        windowStart = nowNanos;
    }
}
