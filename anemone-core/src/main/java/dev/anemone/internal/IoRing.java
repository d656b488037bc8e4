package dev.anemone.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A batch of {@code recv} and {@code send} calls on non-blocking sockets, made through io_uring
 * in one system call where each would take one of its own. On a machine whose system calls are
 * dear (a virtual machine with page-table isolation spends about a microsecond on each, here) that
 * is most of what a small message costs a server beyond the TCP stack itself.
 *
 * <p>Every operation carries {@code MSG_DONTWAIT}: none waits in the kernel, so {@link #run()}
 * returns with each done, as if the calls had been made one after the other. Nothing is left in
 * flight, and a buffer is free again once {@code run} returns.
 *
 * <p>An operation is 24 bytes of a native table: kind, descriptor, address, length and result.
 * Loop thread only.
 */
final class IoRing {

    static final int RECV = 0;
    static final int SEND = 1;
    /** The result of an operation the ring did not get to: the caller makes the call itself. */
    static final int NOT_RUN = Integer.MIN_VALUE;

    private static final int OP_BYTES = 24;
    private static final int KIND = 0;
    private static final int FD = 4;
    private static final int ADDRESS = 8;
    private static final int LENGTH = 16;
    private static final int RESULT = 20;

    private final long handle;
    private final ByteBuffer table;
    private final long tableAddress;
    private int count;
    /** The ring failed once: it is not trusted again, and the caller makes its calls itself. */
    private boolean broken;

    private IoRing(long handle, int capacity) {
        this.handle = handle;
        this.table = ByteBuffer.allocateDirect(capacity * OP_BYTES).order(ByteOrder.nativeOrder());
        this.tableAddress = Epoll.address(table);
    }

    /** A ring for batches of up to {@code capacity} operations, or null where the kernel refuses one. */
    static IoRing open(int capacity) {
        long handle = Epoll.ringOpen(capacity);
        return handle < 0 ? null : new IoRing(handle, capacity);
    }

    /** Adds an operation; answers its index, whose result {@link #result} gives after {@link #run}. */
    int add(int kind, int fd, long address, int length) {
        int at = count * OP_BYTES;
        table.putInt(at + KIND, kind);
        table.putInt(at + FD, fd);
        table.putLong(at + ADDRESS, address);
        table.putInt(at + LENGTH, length);
        table.putInt(at + RESULT, NOT_RUN);
        return count++;
    }

    /** Whether it can be used: it has not failed. */
    boolean isUsable() {
        return !broken;
    }

    /** Makes every operation added since the last run. */
    void run() {
        if (count > 0 && Epoll.ringRun(handle, tableAddress, count) < 0) {
            broken = true;
        }
    }

    /**
     * What operation {@code index} answered, as the system call would have: a count, 0 at the
     * end of the stream for a {@code recv}, {@code -errno}, or {@link #NOT_RUN}.
     */
    int result(int index) {
        return table.getInt(index * OP_BYTES + RESULT);
    }

    /** Empties the batch, for the next. */
    void clear() {
        count = 0;
    }

    /** Releases the ring. */
    void close() {
        Epoll.ringClose(handle);
    }
}
