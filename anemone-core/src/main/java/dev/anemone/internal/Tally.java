package dev.anemone.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * Counts by an integer key within a fixed range (close codes, HTTP statuses), written by one
 * thread and read by any. The slots are allocated on the first count, so a range that is never
 * used costs one null field.
 *
 * <p>The writer stores with release semantics and readers load with acquire semantics, so a
 * reader that sees a count also sees everything its writer did before it, and a count is never
 * torn. No lock and no atomic read-modify-write: there is only one writer.
 */
final class Tally {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS;

    static {
        try {
            SLOTS = MethodHandles.lookup().findVarHandle(Tally.class, "slots", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int first;
    private final int size;
    private long[] slots;

    /** Counts keys from {@code first} to {@code first + size - 1}. */
    Tally(int first, int size) {
        this.first = first;
        this.size = size;
    }

    /** Whether {@code key} is one this tally counts. */
    boolean covers(int key) {
        return key >= first && key - first < size;
    }

    /** Counts one {@code key}, which {@link #covers} it. The writer's thread only. */
    void count(int key) {
        long[] counts = slots;
        if (counts == null) {
            counts = new long[size];
            SLOTS.setRelease(this, counts);
        }
        int at = key - first;
        SLOT.setRelease(counts, at, counts[at] + 1);
    }

    /** Adds every key counted so far, with its count, to {@code sums}. Any thread. */
    void addTo(Map<Integer, Long> sums) {
        long[] counts = (long[]) SLOTS.getAcquire(this);
        if (counts == null) {
            return;
        }
        for (int at = 0; at < size; at++) {
            long count = (long) SLOT.getAcquire(counts, at);
            if (count != 0) {
                sums.merge(first + at, count, Long::sum);
            }
        }
    }
}
